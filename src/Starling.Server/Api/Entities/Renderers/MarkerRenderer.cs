using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Read markers as Mastodon clients expect them. Starling does not count a marker's changes, so <c>version</c> is 0
/// until it does.
/// </summary>
public sealed class MarkerRenderer
{
    public MarkerEntity Render(Marker marker) => new()
    {
        LastReadId = EntityIds.Of(marker.LastReadId),
        Version = 0,
        UpdatedAt = marker.UpdatedAt,
    };

    /// <summary>GET /api/v1/markers answers with an object keyed by timeline ("home", "notifications").</summary>
    public IReadOnlyDictionary<string, MarkerEntity> Render(IEnumerable<Marker> markers) =>
        markers.ToDictionary(m => m.Timeline, Render, StringComparer.Ordinal);
}
