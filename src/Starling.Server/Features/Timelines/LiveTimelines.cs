using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>Where a status just written belongs, as far as the timelines that update live are concerned.</summary>
/// <param name="InPublicTimelines">The public (local, remote, federated) timelines take it.</param>
/// <param name="InHashtagTimelines">The timelines of its hashtags take it.</param>
/// <param name="TagKeys">Its hashtags, lower-cased.</param>
public sealed record StatusPlacement(
    long StatusId,
    long AuthorId,
    bool IsLocal,
    bool InPublicTimelines,
    bool InHashtagTimelines,
    IReadOnlySet<string> TagKeys,
    bool HasMedia);

/// <summary>
/// The timelines' rules asked of one status as it is written, so that it can be pushed to the people reading them
/// (the streaming API): which timelines it belongs to, and which of the given readers may be shown it. The rules are the
/// ones the pages use (<see cref="TimelineQueries"/>, <see cref="StatusVisibilityRules"/>, <see cref="TimelineFilters"/>),
/// so a stream never shows what a reload would hide.
/// </summary>
public sealed class LiveTimelines(AppDbContext db, TimelineQueries timelines, TimeProvider time, DomainBlockPolicy domainBlocks)
{
    /// <summary>The status's place in the timelines, or null when it no longer exists.</summary>
    public async Task<StatusPlacement?> PlaceAsync(long statusId, CancellationToken cancellationToken = default)
    {
        var row = await db.Statuses.AsNoTracking().Where(s => s.Id == statusId)
            .Select(s => new { s.AccountId, IsLocal = s.Account.Domain == null, Tags = s.Tags.Select(t => t.Tag.Name).ToList(), HasMedia = s.MediaAttachments.Any() })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var one = db.Statuses.Where(s => s.Id == statusId);
        if (!row.IsLocal && (await domainBlocks.RulesAsync(cancellationToken)).LimitsAny)
        {
            one = one.WithoutLimitedServers(db);
        }
        var inPublic = await one.InPublicTimelines().AnyAsync(cancellationToken);
        var inHashtags = row.Tags.Count > 0 && await one.InHashtagTimelines().AnyAsync(cancellationToken);
        return new StatusPlacement(statusId, row.AccountId, row.IsLocal, inPublic, inHashtags, row.Tags.ToHashSet(StringComparer.Ordinal), row.HasMedia);
    }

    /// <summary>
    /// The readers who may be shown the status in any timeline: they may see it, and they neither mute nor block its author
    /// (or the boosted author), nor are blocked by them.
    /// </summary>
    public async Task<IReadOnlyList<long>> ReadersWhoMaySeeAsync(long statusId, IEnumerable<long> readerIds, CancellationToken cancellationToken = default)
    {
        var allowed = new List<long>();
        foreach (var reader in readerIds.Distinct())
        {
            if (await Shown(reader).AnyAsync(s => s.Id == statusId, cancellationToken))
            {
                allowed.Add(reader);
            }
        }
        return allowed;
    }

    /// <summary>
    /// The readers whose home timeline the status has just entered as news: it shows there (<see cref="TimelineQueries.HomeStatusIds"/>),
    /// and it is their own or by an account they followed before it was posted. Posts that arrive because of a new follow
    /// (the backfill) are history, not news, and Mastodon does not push them either.
    /// </summary>
    public async Task<IReadOnlyList<long>> ArrivedInHomesAsync(long statusId, IEnumerable<long> readerIds, CancellationToken cancellationToken = default)
    {
        var arrived = new List<long>();
        foreach (var reader in readerIds.Distinct())
        {
            var home = timelines.HomeStatusIds(reader);
            var shown = Shown(reader);
            var news = db.HomeFeed.Where(e => e.AccountId == reader && e.StatusId == statusId
                && (e.AuthorId == reader
                    || db.Follows.Any(f => f.AccountId == reader && f.TargetAccountId == e.AuthorId
                        && db.Statuses.Any(s => s.Id == e.StatusId && f.CreatedAt <= s.CreatedAt))));
            if (await news.AnyAsync(e => home.Contains(e.StatusId) && shown.Any(s => s.Id == e.StatusId), cancellationToken))
            {
                arrived.Add(reader);
            }
        }
        return arrived;
    }

    /// <summary>Which of the given lists (owner, list) show the status in their timeline (<see cref="TimelineQueries.ListStatusesAsync"/>).</summary>
    public async Task<IReadOnlyList<long>> ListsShowingAsync(long statusId, IEnumerable<(long OwnerId, long ListId)> lists, CancellationToken cancellationToken = default)
    {
        var showing = new List<long>();
        foreach (var (ownerId, listId) in lists.Distinct())
        {
            if (await timelines.ListStatusesAsync(ownerId, listId, cancellationToken) is { } statuses
                && await statuses.AnyAsync(s => s.Id == statusId, cancellationToken))
            {
                showing.Add(listId);
            }
        }
        return showing;
    }

    /// <summary>Which of the given lists have the account as a member (whose timelines may have shown its deleted post).</summary>
    public async Task<IReadOnlyList<long>> ListsWithMemberAsync(long accountId, IEnumerable<long> listIds, CancellationToken cancellationToken = default)
    {
        var ids = listIds.Distinct().ToList();
        return await db.ListMembers.Where(m => m.AccountId == accountId && EF.Parameter(ids).Contains(m.ListId)).Select(m => m.ListId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the list is the account's own, the only lists it may stream.</summary>
    public Task<bool> OwnsListAsync(long accountId, long listId, CancellationToken cancellationToken = default) =>
        db.Lists.AnyAsync(l => l.Id == listId && l.AccountId == accountId, cancellationToken);

    /// <summary>The owner of a direct-message conversation, or null when it is gone.</summary>
    public Task<long?> ConversationOwnerAsync(long conversationId, CancellationToken cancellationToken = default) =>
        db.DirectConversations.Where(c => c.Id == conversationId).Select(c => (long?)c.AccountId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The readers whose home timeline holds the status (for telling them it was edited).</summary>
    public async Task<IReadOnlyList<long>> HomesHoldingAsync(long statusId, IEnumerable<long> readerIds, CancellationToken cancellationToken = default)
    {
        var readers = readerIds.Distinct().ToList();
        var holding = await db.HomeFeed.Where(e => e.StatusId == statusId && EF.Parameter(readers).Contains(e.AccountId))
            .Select(e => e.AccountId).ToListAsync(cancellationToken);
        return await ReadersWhoMaySeeAsync(statusId, holding, cancellationToken);
    }

    /// <summary>
    /// The readers whose home timeline may have shown a status of the author's, now deleted: the author and their followers.
    /// </summary>
    public async Task<IReadOnlyList<long>> AuthorAndFollowersAmongAsync(long authorId, IEnumerable<long> readerIds, CancellationToken cancellationToken = default)
    {
        var readers = readerIds.Distinct().ToList();
        var followers = await db.Follows.Where(f => f.TargetAccountId == authorId && EF.Parameter(readers).Contains(f.AccountId))
            .Select(f => f.AccountId).ToListAsync(cancellationToken);
        return readers.Where(r => r == authorId || followers.Contains(r)).ToList();
    }

    private IQueryable<Status> Shown(long reader) =>
        db.Statuses.VisibleTo(db, reader).WithoutMutedOrBlocked(db, reader, time.GetUtcNow().UtcDateTime);
}
