using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Timelines;

/// <summary>
/// Which of a profile's posts to list: replies to others only when <see cref="WithReplies"/>; no boosts with
/// <see cref="ExcludeReblogs"/>; only pinned posts, only posts with a hashtag, or only posts with media (Mastodon's filters).
/// </summary>
public sealed record AccountTimelineFilter(bool WithReplies = false, bool ExcludeReblogs = false, bool PinnedOnly = false, string? Tagged = null, bool OnlyMedia = false);

/// <summary>Home, local, hashtag and profile timelines, keyset-paginated on time-ordered ids.</summary>
public sealed class TimelineQueries(AppDbContext db, StatusLoader loader, TimeProvider time, DomainBlockPolicy domainBlocks)
{
    public Task<TimelinePage> HomeAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(HomeStatusIds(viewerId), viewerId, page, cancellationToken);

    /// <summary>The statuses the reader's home timeline shows, by id: to page through, or to ask whether it shows one.</summary>
    public IQueryable<long> HomeStatusIds(long viewerId)
    {
        // Page on the feed's own key (account_id, status_id), not on statuses.id: the database then reads the feed index
        // newest first and stops after one page, instead of joining and sorting every row of the reader's home.
        var visible = db.Statuses.WithoutMutedOrBlocked(db, viewerId, Now);
        // Members of the reader's exclusive lists are read in those lists only; hidden when reading, so it takes effect at once.
        var listedElsewhere = db.ListMembers.Where(m => m.List.AccountId == viewerId && m.List.Exclusive).Select(m => m.AccountId);
        return db.HomeFeed.Where(e => e.AccountId == viewerId && visible.Any(s => s.Id == e.StatusId) && !listedElsewhere.Contains(e.AuthorId))
            .Select(e => e.StatusId);
    }

    /// <summary>
    /// Public posts, from here and elsewhere or from one <paramref name="origin"/> only; replies only when they continue the
    /// author's own thread, and no boosts, as on Mastodon's public timelines.
    /// </summary>
    /// <param name="onlyMedia">Only posts with media attachments.</param>
    public async Task<TimelinePage> PublicAsync(long? viewerId, TimelineOrigin origin, bool onlyMedia, PageRequest page, CancellationToken cancellationToken = default)
    {
        var statuses = await WithoutLimitedServersAsync(FromOrigin(db.Statuses.InPublicTimelines(), origin), origin, cancellationToken);
        if (onlyMedia)
        {
            statuses = WithMedia(statuses);
        }
        return await PageAsync(statuses.WithoutMutedOrBlocked(db, viewerId, Now), viewerId, page, cancellationToken);
    }

    /// <summary>Public timelines leave out silenced servers' posts; asked only while a block limits some server, and never of the local timeline.</summary>
    private async Task<IQueryable<Status>> WithoutLimitedServersAsync(IQueryable<Status> statuses, TimelineOrigin origin, CancellationToken cancellationToken) =>
        origin != TimelineOrigin.Local && (await domainBlocks.RulesAsync(cancellationToken)).LimitsAny ? statuses.WithoutLimitedServers(db) : statuses;

    /// <summary>Posts that carry media attachments of their own (so never boosts, whose media are the boosted post's).</summary>
    private IQueryable<Status> WithMedia(IQueryable<Status> statuses) =>
        statuses.Where(s => db.MediaAttachments.Any(m => m.StatusId == s.Id));

    /// <summary>
    /// Public posts with a hashtag, or with any of several (<see cref="TagTimelineQuery.Any"/>), narrowed by tags they must
    /// all carry and tags they must not. Replies are included, as on Mastodon; an unknown hashtag has an empty timeline.
    /// </summary>
    public async Task<TimelinePage> TagAsync(long? viewerId, TagTimelineQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        var main = TagTimelineQuery.Normalize(query.Tag);
        var any = Names(query.Any);
        var all = Names(query.All);
        var none = Names(query.None);
        List<string> names = [main, .. any, .. all, .. none];
        var known = await db.Tags.Where(t => EF.Parameter(names).Contains(t.Name)).ToDictionaryAsync(t => t.Name, t => t.Id, cancellationToken);
        if (!known.ContainsKey(main) || all.Any(name => !known.ContainsKey(name)))
        {
            return TimelinePage.Empty;
        }
        var anyIds = any.Prepend(main).Where(known.ContainsKey).Select(name => known[name]).Distinct().ToList();
        var allIds = all.Select(name => known[name]).Distinct().ToList();
        var noneIds = none.Where(known.ContainsKey).Select(name => known[name]).ToList();

        var statuses = await WithoutLimitedServersAsync(FromOrigin(db.Statuses.InHashtagTimelines(), query.Origin), query.Origin, cancellationToken);
        if (query.OnlyMedia)
        {
            statuses = WithMedia(statuses);
        }
        foreach (var tagId in allIds)
        {
            statuses = statuses.Where(s => db.StatusTags.Any(t => t.StatusId == s.Id && t.TagId == tagId));
        }
        if (noneIds.Count > 0)
        {
            statuses = statuses.Where(s => !db.StatusTags.Any(t => t.StatusId == s.Id && noneIds.Contains(t.TagId)));
        }
        statuses = statuses.WithoutMutedOrBlocked(db, viewerId, Now);
        // Walk the tag index newest first and join the statuses, rather than scan every status for its tags.
        var ids = from statusTag in db.StatusTags
                  where anyIds.Contains(statusTag.TagId)
                  join status in statuses on statusTag.StatusId equals status.Id
                  select statusTag.StatusId;
        return await PageAsync(anyIds.Count > 1 ? ids.Distinct() : ids, viewerId, page, cancellationToken);
    }

    /// <summary>
    /// A list's timeline, read from its members' posts and boosts: what the owner may see of them, without direct messages,
    /// and replies to others only as the list's <see cref="ListRepliesPolicy"/> allows. Another account's list is not found.
    /// </summary>
    public async Task<TimelinePage> ListAsync(long viewerId, long listId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var statuses = await ListStatusesAsync(viewerId, listId, cancellationToken) ?? throw DomainException.NotFound("List");
        return await PageAsync(statuses, viewerId, page, cancellationToken);
    }

    /// <summary>The statuses a list's timeline shows (to page through, or to ask whether it shows one); null when the list is not the viewer's.</summary>
    public async Task<IQueryable<Status>?> ListStatusesAsync(long viewerId, long listId, CancellationToken cancellationToken = default)
    {
        var policy = await db.Lists.Where(l => l.Id == listId && l.AccountId == viewerId).Select(l => (ListRepliesPolicy?)l.RepliesPolicy)
            .FirstOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            return null;
        }
        var members = db.ListMembers.Where(m => m.ListId == listId).Select(m => m.AccountId);
        var follows = db.Follows.Where(f => f.AccountId == viewerId);
        var statuses = db.Statuses.Where(s => members.Contains(s.AccountId) && s.Visibility != Visibility.Direct);
        // Replies to themselves and to the owner always show (as on Mastodon); replies to others as the policy says.
        statuses = policy switch
        {
            ListRepliesPolicy.Followed => statuses.Where(s => s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId || s.InReplyToAccountId == viewerId
                || follows.Any(f => f.TargetAccountId == s.InReplyToAccountId)),
            ListRepliesPolicy.List => statuses.Where(s => s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId || s.InReplyToAccountId == viewerId
                || members.Contains(s.InReplyToAccountId.Value)),
            _ => statuses.Where(s => s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId || s.InReplyToAccountId == viewerId),
        };
        // A boost shows when the owner takes the booster's boosts and may see the boosted post.
        var originals = db.Statuses.VisibleTo(db, viewerId);
        statuses = statuses.Where(s => s.ReblogOfId == null
            || (follows.Any(f => f.TargetAccountId == s.AccountId && f.ShowReblogs) && originals.Any(o => o.Id == s.ReblogOfId)));
        return statuses.VisibleTo(db, viewerId).WithoutMutedOrBlocked(db, viewerId, Now);
    }

    /// <summary>Public posts by this server's users; replies only when they continue the author's own thread.</summary>
    public Task<TimelinePage> LocalAsync(long? viewerId, PageRequest page, CancellationToken cancellationToken = default) =>
        PublicAsync(viewerId, TimelineOrigin.Local, onlyMedia: false, page, cancellationToken);

    public Task<TimelinePage> TagAsync(long? viewerId, string tagName, PageRequest page, CancellationToken cancellationToken = default) =>
        TagAsync(viewerId, new TagTimelineQuery(tagName), page, cancellationToken);

    /// <summary>A hashtag as it was first written ("StarlingDev" for #starlingdev), or null when nobody has used it.</summary>
    public Task<string?> TagDisplayNameAsync(string tagName, CancellationToken cancellationToken = default)
    {
        var key = tagName.ToLowerInvariant();
        return db.Tags.Where(t => t.Name == key).Select(t => t.DisplayName).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A profile's posts and boosts that the viewer may see; replies to others only on request.</summary>
    public Task<TimelinePage> AccountAsync(long? viewerId, long accountId, PageRequest page, bool withReplies = false, CancellationToken cancellationToken = default) =>
        AccountAsync(viewerId, accountId, page, new AccountTimelineFilter(WithReplies: withReplies), cancellationToken);

    /// <summary>A profile's posts and boosts that the viewer may see, narrowed by <paramref name="filter"/>.</summary>
    public Task<TimelinePage> AccountAsync(long? viewerId, long accountId, PageRequest page, AccountTimelineFilter filter, CancellationToken cancellationToken = default)
    {
        var statuses = db.Statuses.Where(s => s.AccountId == accountId).VisibleTo(db, viewerId);
        // A boost shows someone else's post: hide it when that post is hidden from the viewer or its author is muted.
        var originals = db.Statuses.VisibleTo(db, viewerId);
        var now = Now;
        statuses = statuses.Where(s => s.ReblogOfId == null
            || (originals.Any(o => o.Id == s.ReblogOfId)
                && !db.Mutes.Any(m => m.AccountId == viewerId && m.TargetAccountId == s.ReblogOf!.AccountId && (m.ExpiresAt == null || m.ExpiresAt > now))));
        if (!filter.WithReplies)
        {
            statuses = statuses.Where(s => s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId);
        }
        if (filter.ExcludeReblogs)
        {
            statuses = statuses.Where(s => s.ReblogOfId == null);
        }
        if (filter.PinnedOnly)
        {
            statuses = statuses.Where(s => db.StatusPins.Any(p => p.AccountId == accountId && p.StatusId == s.Id));
        }
        if (filter.Tagged is { } tagged)
        {
            var tag = tagged.Trim().TrimStart('#').ToLowerInvariant();
            statuses = statuses.Where(s => db.StatusTags.Any(t => t.StatusId == s.Id && t.Tag.Name == tag));
        }
        if (filter.OnlyMedia)
        {
            statuses = WithMedia(statuses);
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

    private static List<string> Names(IEnumerable<string> tags) =>
        tags.Select(TagTimelineQuery.Normalize).Where(name => name.Length > 0).Take(TagTimelineQuery.MaxTagsPerMode).ToList();

    private static IQueryable<Status> FromOrigin(IQueryable<Status> statuses, TimelineOrigin origin) => origin switch
    {
        TimelineOrigin.Local => statuses.Where(s => s.Account.Domain == null),
        TimelineOrigin.Remote => statuses.Where(s => s.Account.Domain != null),
        _ => statuses,
    };

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
