using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>New alt text or focal point for a file a post holds, sent with an edit (Mastodon's <c>media_attributes[]</c>).</summary>
/// <param name="Description">Null keeps the alt text; empty removes it.</param>
/// <param name="Focus">Null keeps the focal point; empty removes it.</param>
public sealed record MediaAttributes(long Id, string? Description = null, string? Focus = null);

/// <summary>
/// Uploading media, describing it, and handing it to a status. An upload is recognised by its content and refused at
/// once (422 with the reason) when it is no kind of media Starling takes or is too large for its kind. A still image is
/// processed in the request, as on Mastodon; video, audio and animated GIFs wait for the media worker unless the caller
/// asks to wait (<see cref="UploadAndProcessAsync"/>).
/// </summary>
public sealed class MediaAttachments(AppDbContext db, MediaFiles files, IMediaStorage storage, MediaProcessor processor,
    IdGenerator ids, TimeProvider time, IOptions<StarlingOptions> options)
{
    /// <summary>As on Mastodon, and as the instance entity announces.</summary>
    public const int MaxAttachmentsPerStatus = 4;

    public const int MaxDescriptionLength = 1500;

    /// <summary>The largest file of any kind; each kind's own limit is checked once the file is recognised.</summary>
    public static long LargestUpload(MediaOptions media) => Math.Max(media.MaxUploadBytes, media.MaxVideoBytes);

    /// <param name="content">The file; read from its current position.</param>
    /// <param name="length">The file's size in bytes, as the upload declared it; checked again while reading.</param>
    /// <param name="focus">"x,y", each from -1 to 1; null or empty for none.</param>
    /// <returns>The attachment: Ready for a still image, Processing for the rest.</returns>
    public Task<MediaAttachment> UploadAsync(long accountId, Stream content, long length, string? description, string? focus,
        CancellationToken cancellationToken = default) =>
        UploadAsync(accountId, content, length, description, focus, waitForProcessing: false, cancellationToken);

    /// <summary>
    /// For callers that answer only once the file is usable (the web UI's compose form, <c>POST /api/v1/media</c>): the
    /// file is processed in this request, whatever its kind, and returned Ready.
    /// </summary>
    public Task<MediaAttachment> UploadAndProcessAsync(long accountId, Stream content, long length, string? description, string? focus,
        CancellationToken cancellationToken = default) =>
        UploadAsync(accountId, content, length, description, focus, waitForProcessing: true, cancellationToken);

    private async Task<MediaAttachment> UploadAsync(long accountId, Stream content, long length, string? description, string? focus,
        bool waitForProcessing, CancellationToken cancellationToken)
    {
        var limit = LargestUpload(options.Value.Media);
        if (length <= 0)
        {
            throw DomainException.Invalid("File can't be blank", "file");
        }
        if (length > limit)
        {
            throw DomainException.Invalid($"File is too large: at most {MediaProcessor.Megabytes(limit)} can be uploaded", "file");
        }
        var alt = Description(description);
        var (focusX, focusY) = Focus(focus);

        using var work = MediaWorkFolder.Create(options.Value);
        await work.ReceiveAsync(content, limit, cancellationToken);
        var identified = await Refusing(() => processor.IdentifyAsync(work.Upload, cancellationToken));

        var now = time.GetUtcNow().UtcDateTime;
        var attachment = new MediaAttachment
        {
            Id = ids.Next(),
            AccountId = accountId,
            Type = identified.Type,
            State = MediaState.Processing,
            ContentType = "application/octet-stream",
            FilePath = "",
            FileSize = new FileInfo(work.Upload).Length,
            Description = alt,
            FocusX = focusX,
            FocusY = focusY,
            CreatedAt = now,
            UpdatedAt = now,
        };
        IReadOnlyList<string> written;
        if (waitForProcessing || identified.Type == MediaType.Image)
        {
            var processed = await Refusing(() => processor.ProcessAsync(work.Upload, identified, work.Path, cancellationToken));
            written = await files.KeepAsync(attachment, processed, cancellationToken);
        }
        else
        {
            attachment.FilePath = MediaFiles.WaitingPath(attachment.Id);
            await storage.SaveFileAsync(attachment.FilePath, work.Upload, cancellationToken);
            written = [attachment.FilePath];
        }
        try
        {
            db.MediaAttachments.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await files.RemoveAsync(written);
            throw;
        }
        return attachment;
    }

    /// <summary>A refusal of the file itself becomes the 422 the uploader reads.</summary>
    private static async Task<T> Refusing<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (MediaRejectedException rejected)
        {
            throw DomainException.Invalid(rejected.Message, "file");
        }
    }

    /// <summary>One of the person's uploads that no status has claimed yet (the only ones the API shows or changes, as on Mastodon).</summary>
    public async Task<MediaAttachment> GetUnattachedAsync(long accountId, long mediaId, CancellationToken cancellationToken = default) =>
        await db.MediaAttachments.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId && m.StatusId == null, cancellationToken)
        ?? throw DomainException.NotFound("Media attachment");

    /// <param name="description">Null keeps the alt text; empty removes it.</param>
    /// <param name="focus">Null keeps the focal point; empty removes it.</param>
    public async Task<MediaAttachment> UpdateAsync(long accountId, long mediaId, string? description, string? focus, CancellationToken cancellationToken = default)
    {
        var attachment = await db.MediaAttachments.FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId && m.StatusId == null, cancellationToken)
            ?? throw DomainException.NotFound("Media attachment");
        Describe(attachment, description, focus);
        attachment.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return attachment;
    }

    /// <summary>Sets the alt text and focal point given (null keeps each), touching the row only when one of them changes.</summary>
    private void Describe(MediaAttachment attachment, string? description, string? focus)
    {
        var alt = description is null ? attachment.Description : Description(description);
        var (x, y) = focus is null ? (attachment.FocusX, attachment.FocusY) : Focus(focus);
        if (alt == attachment.Description && x == attachment.FocusX && y == attachment.FocusY)
        {
            return;
        }
        attachment.Description = alt;
        (attachment.FocusX, attachment.FocusY) = (x, y);
        attachment.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Deletes an upload and its file; one a status holds cannot be deleted.</summary>
    public async Task DeleteAsync(long accountId, long mediaId, CancellationToken cancellationToken = default)
    {
        var attachment = await db.MediaAttachments.FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Media attachment");
        if (attachment.StatusId is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, "Media attachment is currently used by a status");
        }
        db.MediaAttachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        await files.RemoveAsync([attachment]);
    }

    /// <summary>
    /// For a status being posted: the author's own unattached, ready uploads with these ids, tracked by this request's
    /// database context and numbered in the order given. The caller attaches them to the new status
    /// (<c>status.MediaAttachments.AddRange(claimed)</c>) and its one <c>SaveChangesAsync</c> writes both; nothing is saved here.
    /// </summary>
    /// <exception cref="DomainException">Invalid (422) for more than four, an id that is not the author's unattached upload, or one still processing.</exception>
    public async Task<IReadOnlyList<MediaAttachment>> ClaimForStatusAsync(long accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        if (wanted.Count > MaxAttachmentsPerStatus)
        {
            throw TooManyFiles();
        }
        var found = await db.MediaAttachments
            .Where(m => m.AccountId == accountId && m.StatusId == null && wanted.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var missing = wanted.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid($"Media {string.Join(", ", missing)} not found or already attached to another post", "media_ids");
        }
        var claimed = wanted.Select(id => found[id]).ToList();
        if (claimed.Any(m => !m.IsReady))
        {
            throw DomainException.Invalid("Cannot attach files that have not finished processing. Try again in a moment!", "media_ids");
        }
        CheckTogether(claimed);
        for (var position = 0; position < claimed.Count; position++)
        {
            claimed[position].Position = position;
        }
        return claimed;
    }

    /// <summary>
    /// For a status being edited: its files become exactly these, in this order. Files it keeps stay; new ones are claimed
    /// as for a new post; files left out are let go (unattached, so the orphan cleanup removes them). Nothing is saved here.
    /// </summary>
    /// <param name="attributes">New alt text and focal points for files the status holds from now on; others are ignored.</param>
    public async Task ReplaceForStatusAsync(Status status, IReadOnlyList<long> ids, IReadOnlyList<MediaAttributes>? attributes = null,
        CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        var current = await db.MediaAttachments.Where(m => m.StatusId == status.Id).ToDictionaryAsync(m => m.Id, cancellationToken);
        var claimed = (await ClaimForStatusAsync(status.AccountId, wanted.Where(id => !current.ContainsKey(id)).ToList(), cancellationToken))
            .ToDictionary(m => m.Id);
        var attached = wanted.Select(id => current.GetValueOrDefault(id) ?? claimed[id]).ToList();
        CheckTogether(attached);
        foreach (var dropped in current.Values.Where(m => !wanted.Contains(m.Id)))
        {
            dropped.StatusId = null;
        }
        for (var position = 0; position < attached.Count; position++)
        {
            attached[position].Position = position;
            attached[position].StatusId = status.Id;
        }
        foreach (var change in attributes ?? [])
        {
            if (attached.FirstOrDefault(m => m.Id == change.Id) is { } target)
            {
                Describe(target, change.Description, change.Focus);
            }
        }
    }

    /// <summary>Checks, without attaching anything, that these uploads could be claimed now: a scheduled post claims them when it goes out.</summary>
    public async Task CheckClaimableAsync(long accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        foreach (var attachment in await ClaimForStatusAsync(accountId, ids, cancellationToken))
        {
            db.Entry(attachment).State = EntityState.Detached;
        }
    }

    /// <summary>Mastodon refuses a post that carries both files and a poll.</summary>
    public static void RefuseWithPoll(int mediaCount, bool hasPoll)
    {
        if (mediaCount > 0 && hasPoll)
        {
            throw DomainException.Invalid("Cannot attach files to a post with a poll", "media_ids");
        }
    }

    private static DomainException TooManyFiles() =>
        DomainException.Invalid($"You cannot attach more than {MaxAttachmentsPerStatus} files.", "media_ids");

    /// <summary>The files one post may hold: at most four, and a video or audio file only on its own.</summary>
    private static void CheckTogether(IReadOnlyList<MediaAttachment> attached)
    {
        if (attached.Count > MaxAttachmentsPerStatus)
        {
            throw TooManyFiles();
        }
        if (attached.Count > 1 && attached.Any(m => m.Type is MediaType.Video or MediaType.Audio or MediaType.Gifv))
        {
            throw DomainException.Invalid("Cannot attach a video or audio file to a post that holds other files", "media_ids");
        }
    }

    private static string? Description(string? description)
    {
        var text = description?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return text.Length > MaxDescriptionLength
            ? throw DomainException.Invalid($"Description is too long (at most {MaxDescriptionLength} characters)", "description")
            : text;
    }

    private static (double?, double?) Focus(string? focus)
    {
        if (string.IsNullOrWhiteSpace(focus))
        {
            return (null, null);
        }
        var parts = focus.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            && x is >= -1 and <= 1 && y is >= -1 and <= 1)
        {
            return (x, y);
        }
        throw DomainException.Invalid("Focus must be two numbers from -1.0 to 1.0, as \"x,y\"", "focus");
    }
}
