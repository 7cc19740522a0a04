using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Tags;

/// <summary>How much a hashtag was used on one day (UTC): in how many posts, by how many people.</summary>
public sealed record TagDay(DateOnly Day, int Uses, int Accounts);

/// <summary>Finds hashtags and counts their recent use, as Mastodon's tag history shows it.</summary>
public sealed class TagQueries(AppDbContext db, TimeProvider time)
{
    public const int HistoryDays = 7;

    /// <summary>A hashtag by name, case-insensitively ("StarlingDev" finds #starlingdev).</summary>
    public async Task<Tag> ByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = name.TrimStart('#').ToLowerInvariant();
        return await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Name == key, cancellationToken) ?? throw DomainException.NotFound("Tag");
    }

    /// <summary>
    /// For each tag, the last <see cref="HistoryDays"/> days from today back, including days without use. Counted as Mastodon
    /// counts: posts that reach beyond the author's followers (public and unlisted), by accounts that are not suspended.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<TagDay>>> HistoryAsync(IReadOnlyCollection<long> tagIds, CancellationToken cancellationToken = default)
    {
        var ids = tagIds.Distinct().ToList();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var since = today.AddDays(-(HistoryDays - 1)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // Counted here rather than grouped in SQL: the two databases truncate times to days differently,
        // and a week of one tag's uses is a small read.
        var uses = await (from statusTag in db.StatusTags
                          where ids.Contains(statusTag.TagId)
                          join status in db.Statuses on statusTag.StatusId equals status.Id
                          where status.CreatedAt >= since
                              && (status.Visibility == Visibility.Public || status.Visibility == Visibility.Unlisted)
                              && status.Account.SuspendedAt == null
                          select new { statusTag.TagId, status.AccountId, status.CreatedAt })
            .ToListAsync(cancellationToken);
        var byTagAndDay = uses.ToLookup(u => (u.TagId, DateOnly.FromDateTime(u.CreatedAt)));
        return ids.ToDictionary(id => id, id => (IReadOnlyList<TagDay>)Enumerable.Range(0, HistoryDays)
            .Select(back => today.AddDays(-back))
            .Select(day =>
            {
                var onDay = byTagAndDay[(id, day)].ToList();
                return new TagDay(day, onDay.Count, onDay.Select(u => u.AccountId).Distinct().Count());
            })
            .ToList());
    }
}
