using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>Loads statuses for display in a fixed number of queries, whatever the page size.</summary>
public sealed class StatusLoader(AppDbContext db)
{
    public async Task<IReadOnlyList<StatusView>> LoadAsync(IReadOnlyList<long> orderedIds, long? viewerId, CancellationToken cancellationToken)
    {
        if (orderedIds.Count == 0)
        {
            return [];
        }
        var ids = orderedIds.ToList();
        var rows = await db.Statuses.AsNoTracking().AsSplitQuery()
            .Where(s => ids.Contains(s.Id))
            .Include(s => s.Account)
            .Include(s => s.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.Tags).ThenInclude(t => t.Tag)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Tags).ThenInclude(t => t.Tag)
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        var contentIds = rows.Values.Select(s => s.ReblogOfId ?? s.Id).Distinct().ToList();
        HashSet<long> favourited = [], reblogged = [], bookmarked = [], pinned = [];
        if (viewerId is { } viewer)
        {
            favourited = [.. await db.Favourites.Where(f => f.AccountId == viewer && contentIds.Contains(f.StatusId)).Select(f => f.StatusId).ToListAsync(cancellationToken)];
            reblogged = [.. await db.Statuses.Where(s => s.AccountId == viewer && s.ReblogOfId != null && contentIds.Contains(s.ReblogOfId.Value)).Select(s => s.ReblogOfId!.Value).ToListAsync(cancellationToken)];
            bookmarked = [.. await db.Bookmarks.Where(b => b.AccountId == viewer && contentIds.Contains(b.StatusId)).Select(b => b.StatusId).ToListAsync(cancellationToken)];
            pinned = [.. await db.StatusPins.Where(p => p.AccountId == viewer && contentIds.Contains(p.StatusId)).Select(p => p.StatusId).ToListAsync(cancellationToken)];
        }

        var views = new List<StatusView>(orderedIds.Count);
        foreach (var id in orderedIds)
        {
            if (!rows.TryGetValue(id, out var status))
            {
                continue;
            }
            var contentId = status.ReblogOfId ?? status.Id;
            views.Add(new StatusView(status, favourited.Contains(contentId), reblogged.Contains(contentId), bookmarked.Contains(contentId), pinned.Contains(contentId)));
        }
        return views;
    }

    /// <summary>One status for a viewer, or null when it does not exist or the viewer may not see it.</summary>
    public async Task<StatusView?> LoadVisibleAsync(long id, long? viewerId, CancellationToken cancellationToken) =>
        await db.Statuses.Where(s => s.Id == id).VisibleTo(db, viewerId).AnyAsync(cancellationToken)
            ? await LoadOneAsync(id, viewerId, cancellationToken)
            : null;

    public async Task<StatusView?> LoadOneAsync(long id, long? viewerId, CancellationToken cancellationToken) =>
        (await LoadAsync([id], viewerId, cancellationToken)).FirstOrDefault();
}
