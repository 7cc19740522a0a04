using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Markers;

/// <summary>
/// Where a user stopped reading their home timeline and their notifications, kept so that all their apps resume at the
/// same place. Each save counts up the marker's <see cref="Marker.Version"/>; of two saves racing on one marker, the
/// later one fails with <see cref="DbUpdateException"/> rather than silently undoing the first.
/// </summary>
public sealed class TimelineMarkers(AppDbContext db, TimeProvider time)
{
    public const string Home = "home";
    public const string Notifications = "notifications";

    public static IReadOnlyList<string> Timelines { get; } = [Home, Notifications];

    public static bool IsTimeline(string name) => name is Home or Notifications;

    /// <summary>The markers the user has saved among <paramref name="timelines"/>; unknown names and unsaved markers are left out.</summary>
    public async Task<IReadOnlyList<Marker>> GetAsync(long accountId, IEnumerable<string> timelines, CancellationToken cancellationToken = default)
    {
        var names = timelines.Where(IsTimeline).Distinct().ToList();
        if (names.Count == 0)
        {
            return [];
        }
        return await db.Markers.AsNoTracking().Where(m => m.AccountId == accountId && names.Contains(m.Timeline))
            .OrderBy(m => m.Timeline).ToListAsync(cancellationToken);
    }

    /// <summary>Moves each named marker to the given position, forwards or back, as the client says; returns the saved markers.</summary>
    public async Task<IReadOnlyList<Marker>> SaveAsync(long accountId, IReadOnlyDictionary<string, long> positions, CancellationToken cancellationToken = default)
    {
        if (positions.Keys.FirstOrDefault(name => !IsTimeline(name)) is { } unknown)
        {
            throw DomainException.Invalid($"Unknown timeline '{unknown}'; markers are kept for {string.Join(" and ", Timelines)}.", "timeline");
        }
        if (positions.Values.Any(id => id < 0))
        {
            throw DomainException.Invalid("Last read id must be an id.", "last_read_id");
        }
        var names = positions.Keys.ToList();
        var markers = await db.Markers.Where(m => m.AccountId == accountId && names.Contains(m.Timeline)).ToDictionaryAsync(m => m.Timeline, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (timeline, lastReadId) in positions)
        {
            if (markers.TryGetValue(timeline, out var marker))
            {
                marker.Version++;
            }
            else
            {
                marker = new Marker { AccountId = accountId, Timeline = timeline };
                db.Markers.Add(marker);
                markers[timeline] = marker;
            }
            marker.LastReadId = lastReadId;
            marker.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return markers.Values.OrderBy(m => m.Timeline, StringComparer.Ordinal).ToList();
    }
}
