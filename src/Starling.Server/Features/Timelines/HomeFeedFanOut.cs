using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Timelines;

/// <summary>Fan out a new status or boost to the home feeds of the author's local followers (and of its hashtags' followers).</summary>
public sealed record FanOutStatusJob(long StatusId) : IJob
{
    public static string TypeName => "timelines.fan_out_status";
}

/// <summary>Fill a new follower's home with the followed account's recent posts.</summary>
public sealed record BackfillHomeFeedJob(long AccountId, long TargetAccountId) : IJob
{
    public static string TypeName => "timelines.backfill_home";
}

/// <summary>Remove an unfollowed account's posts from a home feed.</summary>
public sealed record PruneHomeFeedJob(long AccountId, long TargetAccountId) : IJob
{
    public static string TypeName => "timelines.prune_home";
}

/// <summary>
/// Turns timeline-shaping events into feed rows: the author sees their own post at once (same transaction);
/// everyone else's copy is written by a job, so posting stays fast however many followers there are. A remote post
/// is stored by a background job already (the inbox's), so when few people here follow its author their rows are
/// written in the same transaction instead of by a job of their own.
/// </summary>
public sealed class HomeFeedEventHandlers(AppDbContext db, JobQueue jobs, HomeFeedAudience audience) :
    IDomainEventHandler<StatusCreated>,
    IDomainEventHandler<AccountFollowed>,
    IDomainEventHandler<AccountUnfollowed>
{
    /// <summary>The most homes a remote post enters while it is being stored; a wider audience is left to the job.</summary>
    public const int InlineAudience = 100;

    public async Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken)
    {
        var status = domainEvent.Status;
        if (status.Account.IsLocal)
        {
            db.HomeFeed.Add(new HomeFeedEntry { AccountId = status.AccountId, StatusId = status.Id, AuthorId = status.AccountId });
        }
        else if (await audience.OfUnsavedAsync(status, InlineAudience, cancellationToken) is { } recipients)
        {
            db.HomeFeed.AddRange(recipients.Select(id => new HomeFeedEntry { AccountId = id, StatusId = status.Id, AuthorId = status.AccountId }));
            return;
        }
        jobs.Enqueue(new FanOutStatusJob(status.Id));
    }

    public Task HandleAsync(AccountFollowed domainEvent, CancellationToken cancellationToken)
    {
        jobs.Enqueue(new BackfillHomeFeedJob(domainEvent.Follow.AccountId, domainEvent.Follow.TargetAccountId));
        return Task.CompletedTask;
    }

    public Task HandleAsync(AccountUnfollowed domainEvent, CancellationToken cancellationToken)
    {
        jobs.Enqueue(new PruneHomeFeedJob(domainEvent.AccountId, domainEvent.TargetAccountId));
        return Task.CompletedTask;
    }
}

public sealed class FanOutStatusJobHandler(AppDbContext db, HomeFeedAudience audience) : IJobHandler<FanOutStatusJob>
{
    public async Task RunAsync(FanOutStatusJob job, CancellationToken cancellationToken)
    {
        var status = await db.Statuses.AsNoTracking().Include(s => s.Account).FirstOrDefaultAsync(s => s.Id == job.StatusId, cancellationToken);
        if (status is null)
        {
            return; // Deleted before it was fanned out.
        }
        var recipients = await audience.OfStoredAsync(status, limit: null, cancellationToken) ?? [];
        db.HomeFeed.AddRange(recipients.Select(id => new HomeFeedEntry { AccountId = id, StatusId = status.Id, AuthorId = status.AccountId }));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class BackfillHomeFeedJobHandler(AppDbContext db) : IJobHandler<BackfillHomeFeedJob>
{
    public const int BackfillCount = 40;

    public async Task RunAsync(BackfillHomeFeedJob job, CancellationToken cancellationToken)
    {
        var follow = await db.Follows.AsNoTracking().FirstOrDefaultAsync(f => f.AccountId == job.AccountId && f.TargetAccountId == job.TargetAccountId, cancellationToken);
        if (follow is null)
        {
            return; // Unfollowed again before the job ran.
        }
        var showReblogs = follow.ShowReblogs;
        var ids = await db.Statuses.Where(s => s.AccountId == job.TargetAccountId
                && (s.Visibility == Visibility.Public || s.Visibility == Visibility.Unlisted || s.Visibility == Visibility.Private)
                && (s.ReblogOfId == null || (showReblogs && !db.HomeFeed.Any(e => e.AccountId == job.AccountId && e.StatusId == s.ReblogOfId)))
                && (s.InReplyToAccountId == null || s.InReplyToAccountId == job.TargetAccountId)
                && !db.HomeFeed.Any(e => e.AccountId == job.AccountId && e.StatusId == s.Id))
            .OrderByDescending(s => s.Id).Take(BackfillCount).Select(s => s.Id).ToListAsync(cancellationToken);
        db.HomeFeed.AddRange(ids.Select(id => new HomeFeedEntry { AccountId = job.AccountId, StatusId = id, AuthorId = job.TargetAccountId }));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class PruneHomeFeedJobHandler(AppDbContext db) : IJobHandler<PruneHomeFeedJob>
{
    public async Task RunAsync(PruneHomeFeedJob job, CancellationToken cancellationToken)
    {
        if (await db.Follows.AnyAsync(f => f.AccountId == job.AccountId && f.TargetAccountId == job.TargetAccountId, cancellationToken))
        {
            return; // Followed again before the job ran.
        }
        await db.HomeFeed.Where(e => e.AccountId == job.AccountId && e.AuthorId == job.TargetAccountId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordBulkChangeAsync(new HomeFeedEntry { AccountId = job.AccountId, AuthorId = job.TargetAccountId });
    }
}
