using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>Bring a remote account's cached avatar, header or both in line with what its actor names now.</summary>
public sealed record CacheRemoteAccountPicturesJob(long AccountId, bool Avatar, bool Header) : IJob
{
    public static string TypeName => "media.cache_account_pictures";
}

/// <summary>
/// Remote accounts' avatars and headers kept here, as Mastodon and GoToSocial keep them, so that readers' browsers never
/// ask other servers (which would learn every reader's address) and pictures still show when their server is down.
/// Fetched in the background after the actor is stored, processed like a local account's (metadata stripped, cropped to
/// Mastodon's sizes) and kept under a new name; until then, and whenever a picture cannot be fetched or taken, it is
/// shown from its origin. A picture its owner removed, or no longer wanted here (caching off, the server's media
/// rejected), is dropped with its file.
/// </summary>
public sealed class RemoteAccountPictures(AppDbContext db, JobQueue jobs, IMediaStorage storage, MediaFiles files, MediaProcessor processor,
    RemoteMediaFetcher fetcher, DomainBlockPolicy domains, TimeProvider time, IOptions<StarlingOptions> options, ILogger<RemoteAccountPictures> logger)
{
    /// <summary>
    /// How long a picture's body may take once its server has answered (or <c>Media:RemoteFetchTimeoutSeconds</c>, when
    /// shorter): pictures are small, and a job batch waits for its slowest job.
    /// </summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Called once a remote actor has been read onto its account, before the account is saved: queues the account's
    /// job, in the same unit of work, when a picture is new or changed, is named but not kept here (never fetched, failed
    /// before, dropped by the media cleanup), or is kept but no longer wanted.
    /// </summary>
    public async Task ActorReadAsync(Account account, string? previousAvatarUrl, string? previousHeaderUrl, CancellationToken cancellationToken)
    {
        if (account.IsLocal)
        {
            return;
        }
        var avatar = await NeedsWorkAsync(account, account.AvatarRemoteUrl, previousAvatarUrl, account.AvatarFilePath, cancellationToken);
        var header = await NeedsWorkAsync(account, account.HeaderRemoteUrl, previousHeaderUrl, account.HeaderFilePath, cancellationToken);
        if (avatar || header)
        {
            jobs.EnqueueOnce(new CacheRemoteAccountPicturesJob(account.Id, avatar, header));
        }
    }

    private async Task<bool> NeedsWorkAsync(Account account, string? url, string? previousUrl, string? cached, CancellationToken cancellationToken) =>
        await WantedAsync(account, url, cancellationToken) ? url != previousUrl || cached is null : cached is not null;

    /// <summary>
    /// Fetches the pictures asked for as the account's actor names them now, replacing the copies kept, or drops the
    /// copies when a picture is no longer named or wanted. A picture not asked for is left as it is: its copy is current.
    /// </summary>
    public async Task RefreshAsync(CacheRemoteAccountPicturesJob job, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == job.AccountId && a.Domain != null, cancellationToken);
        if (account is null)
        {
            return;
        }
        if (job.Avatar)
        {
            await RefreshAsync(account, AccountPictureKind.Avatar, account.AvatarRemoteUrl, account.AvatarFilePath, cancellationToken);
        }
        if (job.Header)
        {
            await RefreshAsync(account, AccountPictureKind.Header, account.HeaderRemoteUrl, account.HeaderFilePath, cancellationToken);
        }
    }

    private async Task RefreshAsync(Account account, AccountPictureKind kind, string? url, string? cached, CancellationToken cancellationToken)
    {
        var kept = await WantedAsync(account, url, cancellationToken) ? await FetchAsync(account, kind, url!, cancellationToken) : null;
        if (kept is null && cached is null)
        {
            return;
        }
        var (urlColumn, pathColumn) = kind == AccountPictureKind.Avatar
            ? (nameof(Account.AvatarRemoteUrl), nameof(Account.AvatarFilePath))
            : (nameof(Account.HeaderRemoteUrl), nameof(Account.HeaderFilePath));
        var now = time.GetUtcNow().UtcDateTime;
        int changed;
        try
        {
            // Only if the account still names this picture and holds the copy read above: an actor changed meanwhile
            // has queued a job of its own, and an account deleted meanwhile keeps nothing.
            changed = await db.Accounts
                .Where(a => a.Id == account.Id && EF.Property<string?>(a, urlColumn) == url && EF.Property<string?>(a, pathColumn) == cached)
                .ExecuteUpdateAsync(set =>
                {
                    set.SetProperty(a => EF.Property<string?>(a, pathColumn), kept);
                    if (kept is not null)
                    {
                        set.SetProperty(a => a.PicturesCachedAt, now);
                    }
                }, cancellationToken);
        }
        catch
        {
            await files.RemoveAsync([kept]);
            throw;
        }
        if (changed == 0)
        {
            await files.RemoveAsync([kept]);
            return;
        }
        await db.RecordBulkChangeAsync(new Account { Id = account.Id, Username = account.Username, UsernameNormalized = account.UsernameNormalized, Domain = account.Domain });
        await files.RemoveAsync([cached]);
    }

    /// <summary>The picture processed and kept under a new name; null, logged, when it cannot be fetched or taken.</summary>
    private async Task<string?> FetchAsync(Account account, AccountPictureKind kind, string url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var work = MediaWorkFolder.Create(settings);
        string? path = null;
        try
        {
            var readTimeout = settings.Media.RemoteFetchTimeout < ReadTimeout ? settings.Media.RemoteFetchTimeout : ReadTimeout;
            await fetcher.FetchAsync(url, work, settings.Media.MaxUploadBytes, readTimeout, cancellationToken);
            var (width, height) = AccountPictures.Size(kind);
            var processed = await processor.ProcessAccountPictureAsync(work.Upload, work.Path, width, height, cancellationToken);
            path = AccountPictures.NewPath(account.Id, kind, processed.Original.Extension);
            await storage.SaveFileAsync(path, processed.Original.Path, cancellationToken);
            return path;
        }
        catch (Exception exception) when (RemoteMediaFetcher.IsRemoteFailure(exception))
        {
            logger.LogInformation("The {Kind} of {Account} stays at its origin {Url}: {Reason}", Describe(kind), account.Uri, url, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Caching the {Kind} of {Account} from {Url} failed; it stays at its origin", Describe(kind), account.Uri, url);
        }
        await files.RemoveAsync([path]);
        return null;
    }

    /// <summary>
    /// Whether a picture is to be kept here: caching is on, and neither the account's server nor the one the picture
    /// is on (a CDN, say) has its media rejected, as Mastodon asks of the account's domain.
    /// </summary>
    private async Task<bool> WantedAsync(Account account, string? url, CancellationToken cancellationToken) =>
        options.Value.Media.CacheRemoteMedia && url is not null && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
        && !await domains.RejectsMediaAsync(parsed.Host, cancellationToken)
        && !(Uri.TryCreate(account.Uri, UriKind.Absolute, out var actor) && await domains.RejectsMediaAsync(actor.Host, cancellationToken));

    private static string Describe(AccountPictureKind kind) => kind == AccountPictureKind.Avatar ? "avatar" : "header";
}

public sealed class CacheRemoteAccountPicturesJobHandler(RemoteAccountPictures pictures) : IJobHandler<CacheRemoteAccountPicturesJob>
{
    public Task RunAsync(CacheRemoteAccountPicturesJob job, CancellationToken cancellationToken) => pictures.RefreshAsync(job, cancellationToken);
}
