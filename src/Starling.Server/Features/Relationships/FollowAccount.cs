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
        var follow = await db.Follows.FirstOrDefaultAsync(f => f.AccountId == actorId && f.TargetAccountId == targetId, cancellationToken);
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
            var request = await db.FollowRequests.FirstOrDefaultAsync(r => r.AccountId == actorId && r.TargetAccountId == targetId, cancellationToken);
            if (request is null)
            {
                request = new FollowRequest { Id = ids.Next(), AccountId = actorId, TargetAccountId = targetId, CreatedAt = now };
                db.FollowRequests.Add(request);
                events.Raise(new FollowRequested(request));
            }
            request.ShowReblogs = showReblogs ?? request.ShowReblogs;
            request.Notify = notify ?? request.Notify;
            await db.SaveChangesAsync(cancellationToken);
            return FollowOutcome.Requested;
        }
        follow = new Follow { Id = ids.Next(), AccountId = actorId, TargetAccountId = targetId, ShowReblogs = showReblogs ?? true, Notify = notify ?? false, CreatedAt = now };
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
}
