using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Relationships;

/// <summary>
/// How the viewer stands towards another account (Mastodon's Relationship entity, minus what needs later issues).
/// <see cref="ShowingReblogs"/> and <see cref="Notifying"/> are the follow's settings, or a pending request's until it is answered.
/// </summary>
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
    bool MutingNotifications,
    DateTime? MuteExpiresAt = null);

public sealed class RelationshipQueries(AppDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<long, Relationship>> ForAsync(long viewerId, IReadOnlyCollection<long> targetIds, CancellationToken cancellationToken)
    {
        var ids = targetIds.Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var following = await db.Follows.Where(f => f.AccountId == viewerId && ids.Contains(f.TargetAccountId)).ToDictionaryAsync(f => f.TargetAccountId, cancellationToken);
        var followedBy = (await db.Follows.Where(f => f.TargetAccountId == viewerId && ids.Contains(f.AccountId)).Select(f => f.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var requested = await db.FollowRequests.Where(r => r.AccountId == viewerId && ids.Contains(r.TargetAccountId)).ToDictionaryAsync(r => r.TargetAccountId, cancellationToken);
        var requestedBy = (await db.FollowRequests.Where(r => r.TargetAccountId == viewerId && ids.Contains(r.AccountId)).Select(r => r.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var blocking = (await db.Blocks.Where(b => b.AccountId == viewerId && ids.Contains(b.TargetAccountId)).Select(b => b.TargetAccountId).ToListAsync(cancellationToken)).ToHashSet();
        var blockedBy = (await db.Blocks.Where(b => b.TargetAccountId == viewerId && ids.Contains(b.AccountId)).Select(b => b.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var muting = await db.Mutes.Where(m => m.AccountId == viewerId && ids.Contains(m.TargetAccountId) && (m.ExpiresAt == null || m.ExpiresAt > now))
            .ToDictionaryAsync(m => m.TargetAccountId, cancellationToken);

        return ids.ToDictionary(id => id, id =>
        {
            var follow = following.GetValueOrDefault(id);
            var request = requested.GetValueOrDefault(id);
            var mute = muting.GetValueOrDefault(id);
            return new Relationship(
                id,
                follow is not null,
                follow?.ShowReblogs ?? request?.ShowReblogs ?? false,
                follow?.Notify ?? request?.Notify ?? false,
                followedBy.Contains(id),
                request is not null,
                requestedBy.Contains(id),
                blocking.Contains(id),
                blockedBy.Contains(id),
                mute is not null,
                mute?.HideNotifications ?? false,
                mute?.ExpiresAt);
        });
    }

    public async Task<Relationship> ForAsync(long viewerId, long targetId, CancellationToken cancellationToken) =>
        (await ForAsync(viewerId, [targetId], cancellationToken))[targetId];

    /// <summary>
    /// For each target, the accounts the viewer follows that follow it too ("followed by people you know"), oldest follow first.
    /// Accounts the viewer mutes or blocks, and suspended ones, are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Account>>> FamiliarFollowersAsync(long viewerId, IReadOnlyCollection<long> targetIds, CancellationToken cancellationToken)
    {
        var ids = targetIds.Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var followedByViewer = db.Follows.Where(f => f.AccountId == viewerId).Select(f => f.TargetAccountId);
        var hidden = db.Mutes.Where(m => m.AccountId == viewerId && (m.ExpiresAt == null || m.ExpiresAt > now)).Select(m => m.TargetAccountId)
            .Concat(db.Blocks.Where(b => b.AccountId == viewerId).Select(b => b.TargetAccountId));
        var rows = await db.Follows.AsNoTracking()
            .Where(f => ids.Contains(f.TargetAccountId) && f.AccountId != viewerId && followedByViewer.Contains(f.AccountId) && !hidden.Contains(f.AccountId))
            .Join(db.Accounts.Where(a => a.SuspendedAt == null), f => f.AccountId, a => a.Id, (f, a) => new { f.Id, f.TargetAccountId, Account = a })
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var byTarget = rows.ToLookup(r => r.TargetAccountId, r => r.Account);
        return ids.ToDictionary(id => id, id => (IReadOnlyList<Account>)byTarget[id].ToList());
    }
}
