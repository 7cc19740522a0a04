using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>Home, local, hashtag and profile timelines, keyset-paginated on time-ordered ids.</summary>
public sealed class TimelineQueries(AppDbContext db, StatusLoader loader, TimeProvider time)
{
    public async Task<TimelinePage> HomeAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        // Page on the feed's own key (account_id, status_id), not on statuses.id: the database then reads the feed index
        // newest first and stops after one page, instead of joining and sorting every row of the reader's home.
        var visible = db.Statuses.WithoutMutedOrBlocked(db, viewerId, Now);
        var ids = db.HomeFeed.Where(e => e.AccountId == viewerId && visible.Any(s => s.Id == e.StatusId)).Select(e => e.StatusId);
        return await PageAsync(ids, viewerId, page, cancellationToken);
    }

    /// <summary>Public posts by this server's users; replies only when they continue the author's own thread.</summary>
    public Task<TimelinePage> LocalAsync(long? viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var statuses = db.Statuses.InPublicTimelines().Where(s => s.Account.Domain == null);
        return PageAsync(statuses.WithoutMutedOrBlocked(db, viewerId, Now), viewerId, page, cancellationToken);
    }

    public async Task<TimelinePage> TagAsync(long? viewerId, string tagName, PageRequest page, CancellationToken cancellationToken = default)
    {
        var key = tagName.ToLowerInvariant();
        var tagId = await db.Tags.Where(t => t.Name == key).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (tagId is null)
        {
            return TimelinePage.Empty;
        }
        var statuses = from statusTag in db.StatusTags
                       where statusTag.TagId == tagId
                       join status in db.Statuses.InHashtagTimelines() on statusTag.StatusId equals status.Id
                       select status;
        return await PageAsync(statuses.WithoutMutedOrBlocked(db, viewerId, Now), viewerId, page, cancellationToken);
    }

    /// <summary>A hashtag as it was first written ("StarlingDev" for #starlingdev), or null when nobody has used it.</summary>
    public Task<string?> TagDisplayNameAsync(string tagName, CancellationToken cancellationToken = default)
    {
        var key = tagName.ToLowerInvariant();
        return db.Tags.Where(t => t.Name == key).Select(t => t.DisplayName).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A profile's posts and boosts that the viewer may see; replies to others only on request.</summary>
    public Task<TimelinePage> AccountAsync(long? viewerId, long accountId, PageRequest page, bool withReplies = false, CancellationToken cancellationToken = default)
    {
        var statuses = db.Statuses.Where(s => s.AccountId == accountId).VisibleTo(db, viewerId);
        // A boost shows someone else's post: hide it when that post is hidden from the viewer or its author is muted.
        var originals = db.Statuses.VisibleTo(db, viewerId);
        var now = Now;
        statuses = statuses.Where(s => s.ReblogOfId == null
            || (originals.Any(o => o.Id == s.ReblogOfId)
                && !db.Mutes.Any(m => m.AccountId == viewerId && m.TargetAccountId == s.ReblogOf!.AccountId && (m.ExpiresAt == null || m.ExpiresAt > now))));
        if (!withReplies)
        {
            statuses = statuses.Where(s => s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId);
        }
        return PageAsync(statuses, viewerId, page, cancellationToken);
    }

    public async Task<IReadOnlyList<StatusView>> PinnedAsync(long? viewerId, long accountId, CancellationToken cancellationToken = default)
    {
        var ids = await db.StatusPins.Where(p => p.AccountId == accountId)
            .Join(db.Statuses.VisibleTo(db, viewerId), p => p.StatusId, s => s.Id, (p, s) => p)
            .OrderByDescending(p => p.Id).Select(p => p.StatusId).ToListAsync(cancellationToken);
        return await loader.LoadAsync(ids, viewerId, cancellationToken);
    }

    public Task<TimelinePage> BookmarksAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default) =>
        ByMarkAsync(db.Bookmarks.Where(b => b.AccountId == viewerId).Select(b => new Mark { Id = b.Id, StatusId = b.StatusId }), viewerId, page, cancellationToken);

    public Task<TimelinePage> FavouritesAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default) =>
        ByMarkAsync(db.Favourites.Where(f => f.AccountId == viewerId).Select(f => new Mark { Id = f.Id, StatusId = f.StatusId }), viewerId, page, cancellationToken);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private Task<TimelinePage> PageAsync(IQueryable<Status> statuses, long? viewerId, PageRequest page, CancellationToken cancellationToken) =>
        PageAsync(statuses.Select(s => s.Id), viewerId, page, cancellationToken);

    private async Task<TimelinePage> PageAsync(IQueryable<long> statusIds, long? viewerId, PageRequest page, CancellationToken cancellationToken)
    {
        var ids = (await statusIds.ApplyKeyset(page, id => id).ToListAsync(cancellationToken)).NewestFirst(page);
        var items = await loader.LoadAsync(ids, viewerId, cancellationToken);
        return new TimelinePage(items, ids.Count > 0 ? ids[^1] : null, ids.Count > 0 ? ids[0] : null);
    }

    /// <summary>Bookmarks and favourites page by when they were made, not by the status's age.</summary>
    private async Task<TimelinePage> ByMarkAsync(IQueryable<Mark> marks, long viewerId, PageRequest page, CancellationToken cancellationToken)
    {
        var visible = db.Statuses.VisibleTo(db, viewerId);
        var rows = (await marks.Where(m => visible.Any(s => s.Id == m.StatusId)).ApplyKeyset(page, m => m.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        var items = await loader.LoadAsync(rows.Select(r => r.StatusId).ToList(), viewerId, cancellationToken);
        return new TimelinePage(items, rows.Count > 0 ? rows[^1].Id : null, rows.Count > 0 ? rows[0].Id : null);
    }

    // Member-initialised, not positional: EF can translate a filter on a projected property only when it sees the assignments.
    private sealed class Mark
    {
        public long Id { get; init; }
        public long StatusId { get; init; }
    }
}
