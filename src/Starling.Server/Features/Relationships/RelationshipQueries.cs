using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;

namespace Starling.Server.Features.Relationships;

/// <summary>How the viewer stands towards another account (Mastodon's Relationship entity, minus what needs later issues).</summary>
public sealed record Relationship(
    long TargetId,
    bool Following,
    bool ShowingReblogs,
    bool Notifying,
    bool FollowedBy,
    bool Requested,
    bool RequestedBy,
    bool Blocking,
    bool BlockedBy,
    bool Muting,
    bool MutingNotifications);

public sealed class RelationshipQueries(AppDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<long, Relationship>> ForAsync(long viewerId, IReadOnlyCollection<long> targetIds, CancellationToken cancellationToken)
    {
        var ids = targetIds.Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var following = await db.Follows.Where(f => f.AccountId == viewerId && ids.Contains(f.TargetAccountId)).ToDictionaryAsync(f => f.TargetAccountId, cancellationToken);
        var followedBy = (await db.Follows.Where(f => f.TargetAccountId == viewerId && ids.Contains(f.AccountId)).Select(f => f.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var requested = (await db.FollowRequests.Where(r => r.AccountId == viewerId && ids.Contains(r.TargetAccountId)).Select(r => r.TargetAccountId).ToListAsync(cancellationToken)).ToHashSet();
        var requestedBy = (await db.FollowRequests.Where(r => r.TargetAccountId == viewerId && ids.Contains(r.AccountId)).Select(r => r.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var blocking = (await db.Blocks.Where(b => b.AccountId == viewerId && ids.Contains(b.TargetAccountId)).Select(b => b.TargetAccountId).ToListAsync(cancellationToken)).ToHashSet();
        var blockedBy = (await db.Blocks.Where(b => b.TargetAccountId == viewerId && ids.Contains(b.AccountId)).Select(b => b.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var muting = await db.Mutes.Where(m => m.AccountId == viewerId && ids.Contains(m.TargetAccountId) && (m.ExpiresAt == null || m.ExpiresAt > now))
            .ToDictionaryAsync(m => m.TargetAccountId, cancellationToken);

        return ids.ToDictionary(id => id, id => new Relationship(
            id,
            following.ContainsKey(id),
            following.TryGetValue(id, out var f) && f.ShowReblogs,
            f?.Notify ?? false,
            followedBy.Contains(id),
            requested.Contains(id),
            requestedBy.Contains(id),
            blocking.Contains(id),
            blockedBy.Contains(id),
            muting.ContainsKey(id),
            muting.TryGetValue(id, out var m) && m.HideNotifications));
    }

    public async Task<Relationship> ForAsync(long viewerId, long targetId, CancellationToken cancellationToken) =>
        (await ForAsync(viewerId, [targetId], cancellationToken))[targetId];
}
