using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Media;

/// <summary>
/// Takes back disk space: uploads never attached to a status (after <see cref="OrphanAge"/>, as on Mastodon), and on
/// an admin's request (<c>media cleanup --days N</c>) the cached copies of remote files and of remote accounts' avatars
/// and headers, which are then shown from their origin again (a picture is fetched again when its actor is next stored).
/// </summary>
public sealed class MediaCleanup(AppDbContext db, MediaFiles files, TimeProvider time)
{
    public static readonly TimeSpan OrphanAge = TimeSpan.FromDays(1);

    private const int Batch = 200;

    /// <summary>Deletes local uploads no status has held for a day, with their files; returns how many.</summary>
    public async Task<int> RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - OrphanAge;
        var removed = 0;
        while (true)
        {
            var orphans = await db.MediaAttachments
                .Where(m => m.StatusId == null && m.RemoteUrl == null && m.CreatedAt < cutoff && m.State != MediaState.Processing)
                .OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
            if (orphans.Count == 0)
            {
                return removed;
            }
            // A scheduled post holds its files by id until it goes out: those are not orphans.
            var scheduled = await ScheduledMediaIdsAsync(cancellationToken);
            var doomed = orphans.Where(m => !scheduled.Contains(m.Id)).ToList();
            db.MediaAttachments.RemoveRange(doomed);
            await db.SaveChangesAsync(cancellationToken);
            await files.RemoveAsync(doomed);
            removed += doomed.Count;
            if (doomed.Count < orphans.Count)
            {
                // What is left in this batch is held; stop rather than read it again forever.
                return removed;
            }
        }
    }

    /// <summary>Drops the cached copies of remote files kept longer than <paramref name="olderThan"/>; returns how many.</summary>
    public async Task<int> RemoveCachedRemoteAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - olderThan;
        var removed = 0;
        while (true)
        {
            var cached = await db.MediaAttachments
                .Where(m => m.RemoteUrl != null && m.FilePath != "" && m.State == MediaState.Ready && m.UpdatedAt < cutoff)
                .OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
            if (cached.Count == 0)
            {
                return removed;
            }
            var paths = cached.SelectMany(m => new[] { m.FilePath, m.PreviewFilePath }).ToList();
            foreach (var media in cached)
            {
                media.FilePath = "";
                media.PreviewFilePath = null;
                media.UpdatedAt = time.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync(cancellationToken);
            await files.RemoveAsync(paths);
            removed += cached.Count;
        }
    }

    /// <summary>
    /// Drops remote accounts' avatars and headers cached longer than <paramref name="olderThan"/> ago; returns how many
    /// accounts lost theirs.
    /// </summary>
    public async Task<int> RemoveCachedRemotePicturesAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - olderThan;
        var removed = 0;
        var after = long.MinValue;
        while (true)
        {
            var cached = await db.Accounts.AsNoTracking()
                .Where(a => a.Id > after && a.Domain != null && (a.AvatarFilePath != null || a.HeaderFilePath != null) && a.PicturesCachedAt < cutoff)
                .OrderBy(a => a.Id).Take(Batch)
                .Select(a => new { a.Id, a.Username, a.UsernameNormalized, a.AvatarFilePath, a.HeaderFilePath })
                .ToListAsync(cancellationToken);
            if (cached.Count == 0)
            {
                return removed;
            }
            after = cached[^1].Id;
            foreach (var account in cached)
            {
                // Only the copies read here: one the account's picture job has just replaced is new, not old.
                var dropped = await db.Accounts
                    .Where(a => a.Id == account.Id && a.AvatarFilePath == account.AvatarFilePath && a.HeaderFilePath == account.HeaderFilePath)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.AvatarFilePath, (string?)null).SetProperty(a => a.HeaderFilePath, (string?)null), cancellationToken);
                if (dropped == 0)
                {
                    continue;
                }
                await db.RecordBulkChangeAsync(new Account { Id = account.Id, Username = account.Username, UsernameNormalized = account.UsernameNormalized });
                await files.RemoveAsync([account.AvatarFilePath, account.HeaderFilePath]);
                removed++;
            }
        }
    }

    private async Task<HashSet<long>> ScheduledMediaIdsAsync(CancellationToken cancellationToken)
    {
        // Stored as JSON, so read whole; there are few scheduled posts.
        var scheduled = await db.ScheduledStatuses.AsNoTracking().Select(s => s.Params).ToListAsync(cancellationToken);
        return [.. scheduled.SelectMany(p => p.MediaIds ?? [])];
    }
}

/// <summary>Removes orphaned uploads once an hour.</summary>
public sealed class MediaCleanupWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger<MediaCleanupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<MediaCleanup>().RemoveOrphansAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Removed {Count} uploads never attached to a post", removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Removing orphaned uploads failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
