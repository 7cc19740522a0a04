using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox;

/// <summary>
/// Loads local statuses with everything their documents need (<see cref="StatusSource"/>), in a fixed number of
/// queries however many: the rows as <see cref="StatusLoader"/> loads them, the ids of the statuses they answer, and
/// their authors' first replies to them.
/// </summary>
public sealed class StatusDocumentLoader(AppDbContext db, StatusLoader loader, LocalUrls urls)
{
    /// <summary>How many of its author's replies a note lists in its <c>replies</c> collection, as on Mastodon.</summary>
    public const int SelfRepliesShown = 5;

    /// <summary>The statuses that exist, in the order asked; boosts come with the boosted status.</summary>
    public async Task<IReadOnlyList<StatusSource>> LoadAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var views = await loader.LoadAsync(ids, null, cancellationToken);
        if (views.Count == 0)
        {
            return [];
        }
        var statuses = views.Select(v => v.Status).ToList();
        var notes = statuses.Where(s => !s.IsReblog).ToList();
        var parentIds = notes.Where(s => s.InReplyToId is not null).Select(s => s.InReplyToId!.Value).Distinct().ToList();
        var parents = parentIds.Count == 0
            ? new Dictionary<long, Status>()
            : await db.Statuses.AsNoTracking().Include(s => s.Account)
                .Where(s => EF.Parameter(parentIds).Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, cancellationToken);
        var noteIds = notes.Select(s => s.Id).ToList();
        var selfReplies = noteIds.Count == 0
            ? Array.Empty<long>().ToLookup(id => id)
            : (await db.Statuses.AsNoTracking()
                .Where(r => r.InReplyToId != null && EF.Parameter(noteIds).Contains(r.InReplyToId.Value)
                    && r.InReplyToAccountId == r.AccountId
                    && (r.Visibility == Visibility.Public || r.Visibility == Visibility.Unlisted))
                .Select(r => new { Parent = r.InReplyToId!.Value, r.Id })
                .ToListAsync(cancellationToken))
                .ToLookup(r => r.Parent, r => r.Id);
        return statuses.Select(status => status.IsReblog
            ? new StatusSource(status)
            : new StatusSource(
                status,
                InReplyToUri(status, parents),
                selfReplies[status.Id].Order().Take(SelfRepliesShown).ToList())).ToList();
    }

    public async Task<StatusSource?> LoadOneAsync(long id, CancellationToken cancellationToken) =>
        (await LoadAsync([id], cancellationToken)).FirstOrDefault();

    /// <summary>The parent's id: ours for a local one, the remote one's own; or the id a remote reply named, when the parent is not here.</summary>
    private string? InReplyToUri(Status status, IReadOnlyDictionary<long, Status> parents) =>
        status.InReplyToId is { } parentId && parents.TryGetValue(parentId, out var parent)
            ? urls.StatusUri(parent)
            : status.InReplyToUri;
}
