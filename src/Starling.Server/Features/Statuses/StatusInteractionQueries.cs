using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Statuses;

/// <summary>An account in a list paged by something other than its own id (the favourite's or the boost's id).</summary>
public sealed record PagedAccount(long Cursor, Account Account);

/// <summary>Who favourited or boosted a status, newest first; suspended accounts and those the viewer blocks or mutes are left out.</summary>
public sealed class StatusInteractionQueries(AppDbContext db, StatusAccess access, TimeProvider time)
{
    public async Task<IReadOnlyList<PagedAccount>> FavouritedByAsync(long statusId, long? viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var status = await access.FindVisibleAsync(statusId, viewerId, cancellationToken);
        var marks = db.Favourites.Where(f => f.StatusId == status.Id).Select(f => new Mark { Id = f.Id, AccountId = f.AccountId });
        return await PageAsync(marks, viewerId, page, cancellationToken);
    }

    /// <summary>Only boosts others can see count: public and unlisted ones, as on Mastodon.</summary>
    public async Task<IReadOnlyList<PagedAccount>> RebloggedByAsync(long statusId, long? viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var status = await access.FindVisibleAsync(statusId, viewerId, cancellationToken);
        var marks = db.Statuses.Where(s => s.ReblogOfId == status.Id && (s.Visibility == Visibility.Public || s.Visibility == Visibility.Unlisted))
            .Select(s => new Mark { Id = s.Id, AccountId = s.AccountId });
        return await PageAsync(marks, viewerId, page, cancellationToken);
    }

    private async Task<IReadOnlyList<PagedAccount>> PageAsync(IQueryable<Mark> marks, long? viewerId, PageRequest page, CancellationToken cancellationToken)
    {
        marks = marks.Where(m => db.Accounts.Any(a => a.Id == m.AccountId && a.SuspendedAt == null));
        if (viewerId is { } viewer)
        {
            var now = time.GetUtcNow().UtcDateTime;
            marks = marks.Where(m =>
                !db.Blocks.Any(b => (b.AccountId == viewer && b.TargetAccountId == m.AccountId) || (b.AccountId == m.AccountId && b.TargetAccountId == viewer))
                && !db.Mutes.Any(u => u.AccountId == viewer && u.TargetAccountId == m.AccountId && (u.ExpiresAt == null || u.ExpiresAt > now)));
        }
        var rows = (await marks.ApplyKeyset(page, m => m.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        var accountIds = rows.Select(r => r.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        return rows.Where(r => accounts.ContainsKey(r.AccountId)).Select(r => new PagedAccount(r.Id, accounts[r.AccountId])).ToList();
    }

    private sealed class Mark
    {
        public long Id { get; init; }
        public long AccountId { get; init; }
    }
}
