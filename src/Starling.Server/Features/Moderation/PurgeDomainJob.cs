using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Moderation;

/// <summary>Remove what was stored from a suspended server (and the servers below its name), one batch of accounts per run.</summary>
public sealed record PurgeDomainJob(string Domain) : IJob
{
    public static string TypeName => "moderation.purge_domain";
}

/// <summary>
/// Deletes a suspended server's accounts with everything that hangs off them (statuses, follows both ways, favourites,
/// notifications, media records), keeping the counters of what remains right, and drops deliveries still waiting to go
/// there. Each batch commits on its own and queues the next, so a large server never holds one long transaction; a
/// block lifted or softened meanwhile stops the purge. The accounts' cached avatars, headers and posts' files are removed
/// once their batch has committed.
/// </summary>
public sealed class PurgeDomainJobHandler(AppDbContext db, JobQueue jobs, MediaFiles files) : IJobHandler<PurgeDomainJob>
{
    public const int BatchSize = 200;

    public async Task RunAsync(PurgeDomainJob job, CancellationToken cancellationToken)
    {
        var domain = job.Domain;
        // Asked of the database rather than the cache: the block may have been lifted a moment ago on another node.
        var blocks = await db.DomainBlocks.AsNoTracking().ToListAsync(cancellationToken);
        if (!new DomainBlockRules(blocks).IsSuspended(domain))
        {
            return;
        }
        // The server itself and the ones below its name; with a port too, as servers reached on one of their own keep it.
        string below = "." + domain, withPort = domain + ":", belowWithPort = "." + domain + ":";
        var batch = await db.Accounts
            .Where(a => a.Domain != null && (a.Domain == domain || a.Domain.EndsWith(below) || a.Domain.StartsWith(withPort) || a.Domain.Contains(belowWithPort)))
            .OrderBy(a => a.Id).Take(BatchSize).Select(a => a.Id).ToListAsync(cancellationToken);
        List<string> stored = [];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Deliveries.Where(d => d.State == DeliveryState.Pending
                && (d.Domain == domain || d.Domain.EndsWith(below) || d.Domain.StartsWith(withPort) || d.Domain.Contains(belowWithPort)))
            .ExecuteDeleteAsync(cancellationToken);
        if (batch.Count > 0)
        {
            stored = await MediaFiles.OfAccountsAsync(db, batch, cancellationToken);
            await RemoveAccountsAsync(batch, cancellationToken);
            if (batch.Count == BatchSize)
            {
                jobs.Enqueue(job);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        await files.RemoveAsync(stored);
    }

    /// <summary>Corrects the counters the accounts' rows contributed to elsewhere, then deletes the accounts (rows that hang off them cascade).</summary>
    private async Task RemoveAccountsAsync(List<long> ids, CancellationToken cancellationToken)
    {
        var follows = db.Follows.Where(f => ids.Contains(f.AccountId) || ids.Contains(f.TargetAccountId));
        await db.Accounts.Where(a => !ids.Contains(a.Id) && follows.Any(f => f.TargetAccountId == a.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FollowersCount,
                a => a.FollowersCount - db.Follows.Count(f => f.TargetAccountId == a.Id && ids.Contains(f.AccountId))), cancellationToken);
        await db.Accounts.Where(a => !ids.Contains(a.Id) && follows.Any(f => f.AccountId == a.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FollowingCount,
                a => a.FollowingCount - db.Follows.Count(f => f.AccountId == a.Id && ids.Contains(f.TargetAccountId))), cancellationToken);
        var kept = db.Statuses.Where(s => !ids.Contains(s.AccountId));
        await kept.Where(s => db.Favourites.Any(f => f.StatusId == s.Id && ids.Contains(f.AccountId)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FavouritesCount,
                x => x.FavouritesCount - db.Favourites.Count(f => f.StatusId == x.Id && ids.Contains(f.AccountId))), cancellationToken);
        await kept.Where(s => db.Statuses.Any(b => b.ReblogOfId == s.Id && ids.Contains(b.AccountId)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReblogsCount,
                x => x.ReblogsCount - db.Statuses.Count(b => b.ReblogOfId == x.Id && ids.Contains(b.AccountId))), cancellationToken);
        await kept.Where(s => db.Statuses.Any(r => r.InReplyToId == s.Id && ids.Contains(r.AccountId)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RepliesCount,
                x => x.RepliesCount - db.Statuses.Count(r => r.InReplyToId == x.Id && ids.Contains(r.AccountId))), cancellationToken);
        await db.Accounts.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        // Timelines, threads, profiles and counts all over may have shown them.
        await db.RecordSweepingChangeAsync();
    }
}
