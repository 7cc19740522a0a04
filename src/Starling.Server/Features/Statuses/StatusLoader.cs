using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// Loads statuses for display in a fixed number of queries, whatever the page size.
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
            .Include(s => s.Poll)
            .Include(s => s.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.Tags).ThenInclude(t => t.Tag)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Poll)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Mentions).ThenInclude(m => m.Account)
            .Include(s => s.ReblogOf).ThenInclude(r => r!.Tags).ThenInclude(t => t.Tag)
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        var contents = rows.Values.Select(s => s.ReblogOf ?? s).DistinctBy(s => s.Id).ToList();
        var contentIds = contents.Select(s => s.Id).ToList();
        var conversationIds = contents.Select(s => s.ConversationId).Distinct().ToList();
        var pollIds = contents.Where(s => s.Poll is not null).Select(s => s.Poll!.Id).ToList();
        HashSet<long> favourited = [], reblogged = [], bookmarked = [], pinned = [], mutedConversations = [];
        ILookup<long, int> votes = Array.Empty<int>().ToLookup(_ => 0L);
        if (viewerId is { } viewer)
        {
            // One round trip for all of the viewer's marks, as a UNION ALL tagged by kind (Id is a status, thread or poll id).
            var query = db.Favourites.Where(f => f.AccountId == viewer && EF.Parameter(contentIds).Contains(f.StatusId)).Select(f => new ViewerMark { Kind = MarkKind.Favourite, Id = f.StatusId, Choice = 0 })
                .Concat(db.Statuses.Where(s => s.AccountId == viewer && s.ReblogOfId != null && EF.Parameter(contentIds).Contains(s.ReblogOfId.Value)).Select(s => new ViewerMark { Kind = MarkKind.Reblog, Id = s.ReblogOfId!.Value, Choice = 0 }))
                .Concat(db.Bookmarks.Where(b => b.AccountId == viewer && EF.Parameter(contentIds).Contains(b.StatusId)).Select(b => new ViewerMark { Kind = MarkKind.Bookmark, Id = b.StatusId, Choice = 0 }))
                .Concat(db.StatusPins.Where(p => p.AccountId == viewer && EF.Parameter(contentIds).Contains(p.StatusId)).Select(p => new ViewerMark { Kind = MarkKind.Pin, Id = p.StatusId, Choice = 0 }))
                .Concat(db.ConversationMutes.Where(m => m.AccountId == viewer && EF.Parameter(conversationIds).Contains(m.ConversationId)).Select(m => new ViewerMark { Kind = MarkKind.MutedConversation, Id = m.ConversationId, Choice = 0 }));
            if (pollIds.Count > 0)
            {
                query = query.Concat(db.PollVotes.Where(v => v.AccountId == viewer && EF.Parameter(pollIds).Contains(v.PollId)).Select(v => new ViewerMark { Kind = MarkKind.Vote, Id = v.PollId, Choice = v.Choice }));
            }
            var marks = await query.ToListAsync(cancellationToken);
            favourited = [.. marks.Where(m => m.Kind == MarkKind.Favourite).Select(m => m.Id)];
            reblogged = [.. marks.Where(m => m.Kind == MarkKind.Reblog).Select(m => m.Id)];
            bookmarked = [.. marks.Where(m => m.Kind == MarkKind.Bookmark).Select(m => m.Id)];
            pinned = [.. marks.Where(m => m.Kind == MarkKind.Pin).Select(m => m.Id)];
            mutedConversations = [.. marks.Where(m => m.Kind == MarkKind.MutedConversation).Select(m => m.Id)];
            votes = marks.Where(m => m.Kind == MarkKind.Vote).OrderBy(m => m.Choice).ToLookup(m => m.Id, m => m.Choice);
        }

        var views = new List<StatusView>(orderedIds.Count);
        foreach (var id in orderedIds)
        {
            if (!rows.TryGetValue(id, out var status))
            {
                continue;
            }
            var content = status.ReblogOf ?? status;
            var contentId = content.Id;
            views.Add(new StatusView(status, favourited.Contains(contentId), reblogged.Contains(contentId), bookmarked.Contains(contentId), pinned.Contains(contentId),
                mutedConversations.Contains(content.ConversationId), content.Poll is { } poll ? [.. votes[poll.Id]] : []));
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

    private enum MarkKind
    {
        Favourite,
        Reblog,
        Bookmark,
        Pin,
        MutedConversation,
        Vote,
    }

    private sealed class ViewerMark
    {
        public MarkKind Kind { get; init; }
        public long Id { get; init; }
        /// <summary>The option chosen, for a vote.</summary>
        public int Choice { get; init; }
    }
}
