using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>A status with the ancestors above it and the replies below it, in reading order.</summary>
public sealed record StatusThread(IReadOnlyList<StatusView> Ancestors, StatusView Focus, IReadOnlyList<StatusView> Descendants);

public sealed class ThreadQueries(AppDbContext db, StatusAccess access, StatusLoader loader, TimeProvider time)
{
    public const int MaxAncestors = 40;
    public const int MaxDescendants = 200;

    public async Task<StatusThread> ThreadAsync(long? viewerId, long statusId, CancellationToken cancellationToken = default)
    {
        var focus = await access.FindVisibleAsync(statusId, viewerId, cancellationToken);
        if (focus.IsReblog)
        {
            throw DomainException.NotFound("Status");
        }

        // One query fetches the whole conversation's shape; visibility is applied to it as a whole.
        var visible = await db.Statuses.Where(s => s.ConversationId == focus.ConversationId && s.ReblogOfId == null)
            .VisibleTo(db, viewerId)
            .Select(s => new { s.Id, s.InReplyToId })
            .ToDictionaryAsync(s => s.Id, s => s.InReplyToId, cancellationToken);
        // Posts by accounts the viewer mutes or blocks stay in the shape (so the chain above them still connects) but are not shown.
        var conversation = db.Statuses.Where(s => s.ConversationId == focus.ConversationId && s.ReblogOfId == null);
        var shown = (await conversation.WithoutMutedOrBlocked(db, viewerId, time.GetUtcNow().UtcDateTime)
            .Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();

        var ancestors = new List<long>();
        var cursor = focus.InReplyToId;
        while (cursor is { } parentId && ancestors.Count < MaxAncestors && visible.TryGetValue(parentId, out var grandParent))
        {
            if (shown.Contains(parentId))
            {
                ancestors.Add(parentId);
            }
            cursor = grandParent;
        }
        ancestors.Reverse();

        var children = visible.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);
        var descendants = new List<long>();
        void Walk(long id)
        {
            foreach (var child in children[id].Where(shown.Contains).Order())
            {
                if (descendants.Count >= MaxDescendants)
                {
                    return;
                }
                descendants.Add(child);
                Walk(child);
            }
        }
        Walk(focus.Id);

        var views = (await loader.LoadAsync([.. ancestors, focus.Id, .. descendants], viewerId, cancellationToken)).ToDictionary(v => v.Status.Id);
        return new StatusThread(
            ancestors.Where(views.ContainsKey).Select(id => views[id]).ToList(),
            views[focus.Id],
            descendants.Where(views.ContainsKey).Select(id => views[id]).ToList());
    }
}
