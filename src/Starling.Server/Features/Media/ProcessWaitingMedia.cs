using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// The media worker's unit of work: one attachment in the Processing state, either an upload waiting in storage or a
/// remote status's file to fetch and cache. Afterwards it is Ready with its clean copy and preview, or, for an upload
/// that turns out bad, Failed with the reason. A remote file that cannot be fetched or taken stays linked to its origin.
/// </summary>
public sealed class ProcessWaitingMedia(AppDbContext db, MediaFiles files, IMediaStorage storage, MediaProcessor processor,
    RemoteMediaFetcher fetcher, TimeProvider time, IOptions<StarlingOptions> options, ILogger<ProcessWaitingMedia> logger)
{
    /// <summary>How long a worker holds a file before another may take it over (a crashed one never lets go).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>Up to <paramref name="count"/> waiting attachments nobody holds, now held by the caller, oldest first.</summary>
    public async Task<IReadOnlyList<long>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.MediaAttachments.AsNoTracking()
            .Where(m => m.State == MediaState.Processing && (m.ProcessingLeaseUntil == null || m.ProcessingLeaseUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(count).ToListAsync(cancellationToken);
        var claimed = new List<long>();
        foreach (var id in candidates)
        {
            // Only one of several nodes (or workers) wins each file.
            var won = await db.MediaAttachments
                .Where(m => m.Id == id && m.State == MediaState.Processing && (m.ProcessingLeaseUntil == null || m.ProcessingLeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.ProcessingLeaseUntil, now + Lease), cancellationToken);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }
        return claimed;
    }

    public async Task RunAsync(long mediaId, CancellationToken cancellationToken)
    {
        var attachment = await db.MediaAttachments.FirstOrDefaultAsync(m => m.Id == mediaId && m.State == MediaState.Processing, cancellationToken);
        if (attachment is null)
        {
            return;
        }
        var waiting = attachment.FilePath;
        var remote = waiting.Length == 0;
        using var work = MediaWorkFolder.Create(options.Value);
        IReadOnlyList<string> written = [];
        try
        {
            if (remote)
            {
                await FetchAsync(attachment, work, cancellationToken);
            }
            else
            {
                await storage.CopyToLocalFileAsync(waiting, work.Upload, cancellationToken);
            }
            var identified = await processor.IdentifyAsync(work.Upload, cancellationToken);
            var processed = await processor.ProcessAsync(work.Upload, identified, work.Path, cancellationToken);
            written = await files.KeepAsync(attachment, processed, cancellationToken);
        }
        catch (Exception exception) when (RemoteMediaFetcher.IsRemoteFailure(exception))
        {
            logger.LogInformation("Media {MediaId} could not be processed: {Reason}", mediaId, exception.Message);
            Refuse(attachment, remote, exception is MediaRejectedException ? exception.Message : "The file could not be fetched");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Processing media {MediaId} failed", mediaId);
            Refuse(attachment, remote, "There was an error processing the file");
        }
        attachment.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await files.RemoveAsync(written);
            throw;
        }
        if (!remote)
        {
            await files.RemoveAsync([waiting]);
        }
    }

    /// <summary>An upload is marked failed; a remote file is left where it lives, shown from its origin as before caching.</summary>
    private static void Refuse(MediaAttachment attachment, bool remote, string reason)
    {
        attachment.ProcessingLeaseUntil = null;
        if (remote)
        {
            attachment.State = MediaState.Ready;
            return;
        }
        attachment.State = MediaState.Failed;
        attachment.FailureReason = reason;
    }

    /// <summary>
    /// The largest upload of any kind, with minutes to arrive rather than a document's seconds, but given up once it
    /// stops arriving for <c>Media:RemoteFetchIdleSeconds</c>.
    /// </summary>
    private Task FetchAsync(MediaAttachment attachment, MediaWorkFolder work, CancellationToken cancellationToken)
    {
        var media = options.Value.Media;
        return fetcher.FetchAsync(attachment.RemoteUrl, work, MediaAttachments.LargestUpload(media), media.RemoteFetchTimeout, cancellationToken);
    }
}
