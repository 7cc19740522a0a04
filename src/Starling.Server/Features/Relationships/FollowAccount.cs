using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Relationships;

public enum FollowOutcome
{
    Following,
    Requested,
    /// <summary>A remote account's follow was turned down (a block stands between them) and told so.</summary>
    Refused,
}

/// <summary>Follows an account, or asks to when it is locked; unfollowing also withdraws a pending request.</summary>
public sealed class FollowAccount(AppDbContext db, RelationshipGuard guard, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    /// <summary>Follows, or changes the options of an existing follow or request.</summary>
    /// <param name="showReblogs">Whether the target's boosts reach the actor's home; null keeps the current choice (new follows: yes).</param>
    /// <param name="notify">Whether the actor is told of the target's new posts; null keeps the current choice (new follows: no).</param>
    public async Task<FollowOutcome> FollowAsync(long actorId, long targetId, bool? showReblogs = null, bool? notify = null, CancellationToken cancellationToken = default)
    {
        var (actor, target) = await guard.LoadPairAsync(actorId, targetId, "follow", cancellationToken);
        if (await guard.BlockedEitherWayAsync(actorId, targetId, cancellationToken))
        {
            throw DomainException.Forbidden("You cannot follow this account.");
        }
        return await FollowAsync(actor, target, showReblogs, notify, activityUri: null, cancellationToken);
    }

    /// <summary>
    /// A remote account's Follow of a local one. The activity's id is kept on the follow or request, so the answer and
    /// any Undo can name it. A locked account gets a request; otherwise the follow starts at once, and the outbox
    /// answers with an Accept. With a block between them the Follow is answered with a Reject. A Follow repeated for a
    /// follow that exists takes the new id and is accepted again, as Mastodon does: its server evidently lost the first.
    /// </summary>
    public async Task<FollowOutcome> FollowAsync(long actorId, long targetId, string activityUri, CancellationToken cancellationToken = default)
    {
        var (actor, target) = await guard.LoadPairAsync(actorId, targetId, "follow", cancellationToken);
        if (actor.IsLocal || !target.IsLocal)
        {
            throw DomainException.Invalid("A follow from another server is of a remote account and a local one.");
        }
        if (await guard.BlockedEitherWayAsync(actorId, targetId, cancellationToken))
        {
            // Told, not stored: a request that never existed is turned down.
            var refused = new FollowRequest { Id = ids.Next(), Uri = activityUri, AccountId = actorId, TargetAccountId = targetId, CreatedAt = time.GetUtcNow().UtcDateTime };
            events.Raise(new FollowRequestRejected(refused));
            await db.SaveChangesAsync(cancellationToken);
            return FollowOutcome.Refused;
        }
        var existing = await db.Follows.FirstOrDefaultAsync(f => f.AccountId == actorId && f.TargetAccountId == targetId, cancellationToken);
        if (existing is not null && existing.Uri != activityUri)
        {
            existing.Uri = activityUri;
            events.Raise(new AccountFollowed(existing, ByApproval: true));
            await db.SaveChangesAsync(cancellationToken);
            return FollowOutcome.Following;
        }
        return await FollowAsync(actor, target, showReblogs: null, notify: null, activityUri, cancellationToken);
    }

    private async Task<FollowOutcome> FollowAsync(Account actor, Account target, bool? showReblogs, bool? notify, string? activityUri, CancellationToken cancellationToken)
    {
        var follow = await db.Follows.FirstOrDefaultAsync(f => f.AccountId == actor.Id && f.TargetAccountId == target.Id, cancellationToken);
        if (follow is not null)
        {
            follow.ShowReblogs = showReblogs ?? follow.ShowReblogs;
            follow.Notify = notify ?? follow.Notify;
            await db.SaveChangesAsync(cancellationToken);
            return FollowOutcome.Following;
        }
        var now = time.GetUtcNow().UtcDateTime;
        // A remote account answers a follow with Accept or Reject, so until then it is a request whatever its setting.
        if (target.Locked || !target.IsLocal)
        {
            var request = await db.FollowRequests.FirstOrDefaultAsync(r => r.AccountId == actor.Id && r.TargetAccountId == target.Id, cancellationToken);
            if (request is null)
            {
                request = new FollowRequest { Id = ids.Next(), Uri = activityUri, AccountId = actor.Id, TargetAccountId = target.Id, CreatedAt = now };
                db.FollowRequests.Add(request);
                events.Raise(new FollowRequested(request));
            }
            request.Uri = activityUri ?? request.Uri;
            request.ShowReblogs = showReblogs ?? request.ShowReblogs;
            request.Notify = notify ?? request.Notify;
            await db.SaveChangesAsync(cancellationToken);
            return FollowOutcome.Requested;
        }
        follow = new Follow { Id = ids.Next(), Uri = activityUri, AccountId = actor.Id, TargetAccountId = target.Id, ShowReblogs = showReblogs ?? true, Notify = notify ?? false, CreatedAt = now };
        db.Follows.Add(follow);
        actor.FollowingCount++;
        target.FollowersCount++;
        events.Raise(new AccountFollowed(follow, ByApproval: false));
        await db.SaveChangesAsync(cancellationToken);
        return FollowOutcome.Following;
    }

    public async Task UnfollowAsync(long actorId, long targetId, CancellationToken cancellationToken = default)
    {
        var (actor, target) = await guard.LoadPairAsync(actorId, targetId, "unfollow", cancellationToken);
        var follow = await db.Follows.FirstOrDefaultAsync(f => f.AccountId == actorId && f.TargetAccountId == targetId, cancellationToken);
        if (follow is not null)
        {
            db.Follows.Remove(follow);
            actor.FollowingCount = Math.Max(0, actor.FollowingCount - 1);
            target.FollowersCount = Math.Max(0, target.FollowersCount - 1);
            events.Raise(new AccountUnfollowed(actorId, targetId, follow.Uri));
        }
        var request = await db.FollowRequests.FirstOrDefaultAsync(r => r.AccountId == actorId && r.TargetAccountId == targetId, cancellationToken);
        if (request is not null)
        {
            db.FollowRequests.Remove(request);
            events.Raise(new FollowRequestWithdrawn(request));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The target's server turned down a follow it had accepted (a Reject after the Accept, as Mastodon sends when
    /// someone removes a follower): the follow ends, and nothing is sent back, since the target ended it.
    /// </summary>
    public async Task EndRejectedAsync(long followerId, long targetId, CancellationToken cancellationToken = default)
    {
        var (follower, target) = await guard.LoadPairAsync(followerId, targetId, "unfollow", cancellationToken);
        var follow = await db.Follows.FirstOrDefaultAsync(f => f.AccountId == followerId && f.TargetAccountId == targetId, cancellationToken);
        if (follow is null)
        {
            return;
        }
        db.Follows.Remove(follow);
        follower.FollowingCount = Math.Max(0, follower.FollowingCount - 1);
        target.FollowersCount = Math.Max(0, target.FollowersCount - 1);
        events.Raise(new AccountUnfollowed(followerId, targetId, follow.Uri, EndedByTarget: true));
        await db.SaveChangesAsync(cancellationToken);
    }
}
