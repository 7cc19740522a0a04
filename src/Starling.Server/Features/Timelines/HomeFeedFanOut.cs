using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Features.Moderation;
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
/// everyone else's copy is written by a job, so posting stays fast however many followers there are.
/// </summary>
public sealed class HomeFeedEventHandlers(AppDbContext db, JobQueue jobs) :
    IDomainEventHandler<StatusCreated>,
    IDomainEventHandler<AccountFollowed>,
    IDomainEventHandler<AccountUnfollowed>
{
    public Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken)
    {
        var status = domainEvent.Status;
        if (status.Account.IsLocal)
        {
            db.HomeFeed.Add(new HomeFeedEntry { AccountId = status.AccountId, StatusId = status.Id, AuthorId = status.AccountId });
        }
        jobs.Enqueue(new FanOutStatusJob(status.Id));
        return Task.CompletedTask;
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

public sealed class FanOutStatusJobHandler(AppDbContext db, DomainBlockPolicy domainBlocks) : IJobHandler<FanOutStatusJob>
{
    public async Task RunAsync(FanOutStatusJob job, CancellationToken cancellationToken)
    {
        var status = await db.Statuses.AsNoTracking().FirstOrDefaultAsync(s => s.Id == job.StatusId, cancellationToken);
        if (status is null)
        {
            return; // Deleted before it was fanned out.
        }
        var followers = db.Follows.Where(f => f.TargetAccountId == status.AccountId && f.AccountId != status.AccountId
            && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null));
        if (status.ReblogOfId is { } originalId)
        {
            // As on Mastodon: a boost does not repeat a post already in the reader's home, as itself or as an earlier boost.
            followers = followers.Where(f => f.ShowReblogs
                && !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == originalId)
                && !db.Statuses.Any(s => s.ReblogOfId == originalId && db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == s.Id)));
        }
        var rules = await domainBlocks.RulesAsync(cancellationToken);
        if (status.ReblogOfId is { } boostedId && rules.LimitsAny)
        {
            // A silenced server's post reaches only its author's followers, even when someone they follow boosts it.
            var boosted = await db.Statuses.Where(s => s.Id == boostedId).Select(s => new { s.AccountId, s.Account.Domain }).FirstOrDefaultAsync(cancellationToken);
            if (boosted is not null && rules.RuleFor(boosted.Domain).IsLimited)
            {
                followers = followers.Where(f => db.Follows.Any(o => o.AccountId == f.AccountId && o.TargetAccountId == boosted.AccountId));
            }
        }
        if (status.Visibility == Visibility.Direct)
        {
            followers = followers.Where(f => db.Mentions.Any(m => m.StatusId == status.Id && m.AccountId == f.AccountId));
        }
        if (status.InReplyToAccountId is { } repliedTo && repliedTo != status.AccountId)
        {
            // As on Mastodon: a reply reaches a home only if its reader also follows (or is) the one replied to.
            followers = followers.Where(f => f.AccountId == repliedTo || db.Follows.Any(o => o.AccountId == f.AccountId && o.TargetAccountId == repliedTo));
        }
        var recipients = await followers
            .Where(f => !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == status.Id))
            .Select(f => f.AccountId).ToListAsync(cancellationToken);
        var authorLimited = rules.LimitsAny
            && rules.RuleFor(await db.Accounts.Where(a => a.Id == status.AccountId).Select(a => a.Domain).FirstOrDefaultAsync(cancellationToken)).IsLimited;
        // A silenced server's post does not reach people through its hashtags, only through following its author.
        if (status.Visibility == Visibility.Public && status.ReblogOfId is null && !authorLimited)
        {
            // As on Mastodon: a public post also reaches the homes of local people who follow one of its hashtags.
            var tagFollowers = await db.TagFollows
                .Where(f => db.StatusTags.Any(t => t.StatusId == status.Id && t.TagId == f.TagId) && f.AccountId != status.AccountId
                    && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null)
                    && !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == status.Id))
                .Select(f => f.AccountId).Distinct().ToListAsync(cancellationToken);
            recipients = [.. recipients.Union(tagFollowers)];
        }
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
