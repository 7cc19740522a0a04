using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Read markers as Mastodon clients expect them; <c>version</c> counts the marker's changes.</summary>
public sealed class MarkerRenderer
{
    public MarkerEntity Render(Marker marker) => new()
    {
        LastReadId = EntityIds.Of(marker.LastReadId),
        Version = marker.Version,
        UpdatedAt = marker.UpdatedAt,
    };

    /// <summary>GET /api/v1/markers answers with an object keyed by timeline ("home", "notifications").</summary>
    public IReadOnlyDictionary<string, MarkerEntity> Render(IEnumerable<Marker> markers) =>
        markers.ToDictionary(m => m.Timeline, Render, StringComparer.Ordinal);
}
