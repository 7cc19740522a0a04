using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Features.Trends;

/// <summary>A hashtag's use over the trend window.</summary>
public sealed record TagTrend(Tag Tag, int Accounts, int Uses);

/// <summary>
/// What is popular here lately, simply counted (Mastodon's trends also decay scores and wait for review; Starling does
/// neither yet). Hashtags: by how many people used them in public or unlisted posts over the last
/// <see cref="WindowDays"/> days. Statuses: public posts by local people from that window, by favourites and boosts
/// received in it. Suspended authors are left out, and so are posts the viewer muted or blocked the author of.
/// </summary>
public sealed class TrendQueries(AppDbContext db, StatusLoader loader, TimeProvider time)
{
    public const int WindowDays = 7;

    public async Task<IReadOnlyList<TagTrend>> TagsAsync(int limit, int offset, CancellationToken cancellationToken = default)
    {
        var since = Since;
        var counts = await (from statusTag in db.StatusTags
                            join status in db.Statuses on statusTag.StatusId equals status.Id
                            where status.CreatedAt >= since
                                && (status.Visibility == Visibility.Public || status.Visibility == Visibility.Unlisted)
                                && status.Account.SuspendedAt == null
                            group status.AccountId by statusTag.TagId into uses
                            select new { TagId = uses.Key, Accounts = uses.Distinct().Count(), Uses = uses.Count() })
            .OrderByDescending(t => t.Accounts).ThenByDescending(t => t.Uses).ThenBy(t => t.TagId)
            .Skip(offset).Take(limit)
            .ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.TagId).ToList();
        var tags = await db.Tags.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        return counts.Select(c => new TagTrend(tags[c.TagId], c.Accounts, c.Uses)).ToList();
    }

    public async Task<IReadOnlyList<StatusView>> StatusesAsync(long? viewerId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var since = Since;
        var interactions = db.Favourites.Where(f => f.CreatedAt >= since).Select(f => new Interaction { StatusId = f.StatusId })
            .Concat(db.Statuses.Where(s => s.ReblogOfId != null && s.CreatedAt >= since).Select(s => new Interaction { StatusId = s.ReblogOfId!.Value }));
        var candidates = db.Statuses.Where(s => s.CreatedAt >= since && s.Visibility == Visibility.Public && s.ReblogOfId == null && s.Account.Domain == null)
            .WithoutMutedOrBlocked(db, viewerId, time.GetUtcNow().UtcDateTime)
            .Select(s => s.Id);
        var ids = await interactions
            .Where(i => candidates.Contains(i.StatusId))
            .GroupBy(i => i.StatusId)
            .Select(g => new { StatusId = g.Key, Score = g.Count() })
            .OrderByDescending(t => t.Score).ThenByDescending(t => t.StatusId)
            .Skip(offset).Take(limit)
            .Select(t => t.StatusId)
            .ToListAsync(cancellationToken);
        return await loader.LoadAsync(ids, viewerId, cancellationToken);
    }

    private DateTime Since => time.GetUtcNow().UtcDateTime.AddDays(-WindowDays);

    // Member-initialised, not positional: EF can translate a filter on a projected property only when it sees the assignments.
    private sealed class Interaction
    {
        public long StatusId { get; init; }
    }
}
