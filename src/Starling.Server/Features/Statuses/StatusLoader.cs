using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// Loads statuses for display (with their media) in a fixed number of queries, whatever the page size.
/// Id lists go to the database as one array parameter (<c>EF.Parameter</c>): expanded into one parameter per id,
/// EF Core cannot cache the generated SQL and rebuilds it on every call under a lock shared by all concurrent requests.
/// </summary>
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
            .Where(s => EF.Parameter(ids).Contains(s.Id))
            .Include(s => s.Account)
            .Include(s => s.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.Tags).ThenInclude(t => t.Tag)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Tags).ThenInclude(t => t.Tag)
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        var contentIds = rows.Values.Select(s => s.ReblogOfId ?? s.Id).Distinct().ToList();
        await LoadMediaAsync(rows.Values, contentIds, cancellationToken);
        HashSet<long> favourited = [], reblogged = [], bookmarked = [], pinned = [];
        if (viewerId is { } viewer)
        {
            // One round trip for all four of the viewer's marks, as a UNION ALL tagged by kind.
            var marks = await db.Favourites.Where(f => f.AccountId == viewer && EF.Parameter(contentIds).Contains(f.StatusId)).Select(f => new ViewerMark { Kind = MarkKind.Favourite, StatusId = f.StatusId })
                .Concat(db.Statuses.Where(s => s.AccountId == viewer && s.ReblogOfId != null && EF.Parameter(contentIds).Contains(s.ReblogOfId.Value)).Select(s => new ViewerMark { Kind = MarkKind.Reblog, StatusId = s.ReblogOfId!.Value }))
                .Concat(db.Bookmarks.Where(b => b.AccountId == viewer && EF.Parameter(contentIds).Contains(b.StatusId)).Select(b => new ViewerMark { Kind = MarkKind.Bookmark, StatusId = b.StatusId }))
                .Concat(db.StatusPins.Where(p => p.AccountId == viewer && EF.Parameter(contentIds).Contains(p.StatusId)).Select(p => new ViewerMark { Kind = MarkKind.Pin, StatusId = p.StatusId }))
                .ToListAsync(cancellationToken);
            favourited = [.. marks.Where(m => m.Kind == MarkKind.Favourite).Select(m => m.StatusId)];
            reblogged = [.. marks.Where(m => m.Kind == MarkKind.Reblog).Select(m => m.StatusId)];
            bookmarked = [.. marks.Where(m => m.Kind == MarkKind.Bookmark).Select(m => m.StatusId)];
            pinned = [.. marks.Where(m => m.Kind == MarkKind.Pin).Select(m => m.StatusId)];
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

    /// <summary>The media of every status shown, in one query, in the order their authors gave.</summary>
    private async Task LoadMediaAsync(IEnumerable<Status> statuses, List<long> contentIds, CancellationToken cancellationToken)
    {
        var media = (await db.MediaAttachments.AsNoTracking()
            .Where(m => m.StatusId != null && EF.Parameter(contentIds).Contains(m.StatusId.Value))
            .OrderBy(m => m.Position).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken)).ToLookup(m => m.StatusId!.Value);
        if (media.Count == 0)
        {
            return;
        }
        foreach (var status in statuses)
        {
            var content = status.ReblogOf ?? status;
            content.MediaAttachments = [.. media[content.Id]];
        }
    }

    /// <summary>One status for a viewer, or null when it does not exist or the viewer may not see it.</summary>
    public async Task<StatusView?> LoadVisibleAsync(long id, long? viewerId, CancellationToken cancellationToken) =>
        await db.Statuses.Where(s => s.Id == id).VisibleTo(db, viewerId).AnyAsync(cancellationToken)
            ? await LoadOneAsync(id, viewerId, cancellationToken)
            : null;

    public async Task<StatusView?> LoadOneAsync(long id, long? viewerId, CancellationToken cancellationToken) =>
        (await LoadAsync([id], viewerId, cancellationToken)).FirstOrDefault();

    private enum MarkKind
    {
        Favourite,
        Reblog,
        Bookmark,
        Pin,
    }

    private sealed class ViewerMark
    {
        public MarkKind Kind { get; init; }
        public long StatusId { get; init; }
    }
}
