using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>Where a status just written belongs, as far as the timelines that update live are concerned.</summary>
/// <param name="InPublicTimelines">The public (local, remote, federated) timelines take it.</param>
/// <param name="InHashtagTimelines">The timelines of its hashtags take it.</param>
/// <param name="TagKeys">Its hashtags, lower-cased.</param>
/// <param name="Participants">For a direct message: the author and everyone mentioned.</param>
public sealed record StatusPlacement(
    long StatusId,
    long AuthorId,
    bool IsLocal,
    Visibility Visibility,
    long ConversationId,
    bool InPublicTimelines,
    bool InHashtagTimelines,
    IReadOnlySet<string> TagKeys,
    IReadOnlySet<long> Participants);

/// <summary>
/// The timelines' rules asked of one status as it is written, so that it can be pushed to the people reading them
/// (the streaming API): which timelines it belongs to, and which of the given readers may be shown it. The rules are the
/// ones the pages use (<see cref="TimelineQueries"/>, <see cref="StatusVisibilityRules"/>, <see cref="TimelineFilters"/>),
/// so a stream never shows what a reload would hide.
/// </summary>
public sealed class LiveTimelines(AppDbContext db, TimeProvider time)
{
    /// <summary>The status's place in the timelines, or null when it no longer exists.</summary>
    public async Task<StatusPlacement?> PlaceAsync(long statusId, CancellationToken cancellationToken = default)
    {
        var row = await db.Statuses.AsNoTracking().Where(s => s.Id == statusId)
            .Select(s => new
            {
                s.AccountId,
                IsLocal = s.Account.Domain == null,
                s.Visibility,
                s.ConversationId,
                Tags = s.Tags.Select(t => t.Tag.Name).ToList(),
                Mentioned = s.Mentions.Select(m => m.AccountId).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var one = db.Statuses.Where(s => s.Id == statusId);
        var inPublic = await one.InPublicTimelines().AnyAsync(cancellationToken);
        var inHashtags = row.Tags.Count > 0 && await one.InHashtagTimelines().AnyAsync(cancellationToken);
        var participants = row.Visibility == Visibility.Direct ? row.Mentioned.Append(row.AccountId).ToHashSet() : [];
        return new StatusPlacement(statusId, row.AccountId, row.IsLocal, row.Visibility, row.ConversationId, inPublic, inHashtags,
            row.Tags.ToHashSet(StringComparer.Ordinal), participants);
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
    /// The readers whose home timeline the status has just entered as news: their own posts, and posts of accounts they
    /// followed before the post was made. Posts that arrive because of a new follow (the backfill) are history, not news,
    /// and Mastodon does not push them either.
    /// </summary>
    public async Task<IReadOnlyList<long>> ArrivedInHomesAsync(long statusId, IEnumerable<long> readerIds, CancellationToken cancellationToken = default)
    {
        var arrived = new List<long>();
        foreach (var reader in readerIds.Distinct())
        {
            var shown = Shown(reader);
            var news = db.HomeFeed.Where(e => e.AccountId == reader && e.StatusId == statusId
                && (e.AuthorId == reader
                    || db.Follows.Any(f => f.AccountId == reader && f.TargetAccountId == e.AuthorId
                        && db.Statuses.Any(s => s.Id == e.StatusId && f.CreatedAt <= s.CreatedAt))));
            if (await news.AnyAsync(e => shown.Any(s => s.Id == e.StatusId), cancellationToken))
            {
                arrived.Add(reader);
            }
        }
        return arrived;
    }

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
