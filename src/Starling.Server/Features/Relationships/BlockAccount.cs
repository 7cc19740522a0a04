using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Relationships;

/// <summary>Blocking ends follows and requests in both directions and hides each from the other.</summary>
public sealed class BlockAccount(AppDbContext db, RelationshipGuard guard, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public Task BlockAsync(long actorId, long targetId, CancellationToken cancellationToken = default) =>
        BlockAsync(actorId, targetId, activityUri: null, cancellationToken);

    /// <param name="activityUri">The id of the Block activity that brought a remote account's block, so its Undo can name it.</param>
    public async Task BlockAsync(long actorId, long targetId, string? activityUri, CancellationToken cancellationToken = default)
    {
        var (actor, target) = await guard.LoadPairAsync(actorId, targetId, "block", cancellationToken);
        if (await db.Blocks.AnyAsync(b => b.AccountId == actorId && b.TargetAccountId == targetId, cancellationToken))
        {
            return;
        }
        var block = new Block { Id = ids.Next(), Uri = activityUri, AccountId = actorId, TargetAccountId = targetId, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Blocks.Add(block);
        events.Raise(new AccountBlocked(block));
        foreach (var follow in await db.Follows.Where(f => (f.AccountId == actorId && f.TargetAccountId == targetId) || (f.AccountId == targetId && f.TargetAccountId == actorId)).ToListAsync(cancellationToken))
        {
            db.Follows.Remove(follow);
            var (follower, followed) = follow.AccountId == actorId ? (actor, target) : (target, actor);
            follower.FollowingCount = Math.Max(0, follower.FollowingCount - 1);
            followed.FollowersCount = Math.Max(0, followed.FollowersCount - 1);
            events.Raise(new AccountUnfollowed(follow.AccountId, follow.TargetAccountId, follow.Uri));
        }
        db.FollowRequests.RemoveRange(await db.FollowRequests
            .Where(r => (r.AccountId == actorId && r.TargetAccountId == targetId) || (r.AccountId == targetId && r.TargetAccountId == actorId))
            .ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UnblockAsync(long actorId, long targetId, CancellationToken cancellationToken = default)
    {
        await guard.LoadPairAsync(actorId, targetId, "unblock", cancellationToken);
        var block = await db.Blocks.FirstOrDefaultAsync(b => b.AccountId == actorId && b.TargetAccountId == targetId, cancellationToken);
        if (block is not null)
        {
            db.Blocks.Remove(block);
            events.Raise(new AccountUnblocked(block));
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
