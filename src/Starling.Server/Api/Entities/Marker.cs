using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Marker: how far the user has read one timeline ("home" or "notifications").</summary>
public sealed record MarkerEntity
{
    [JsonPropertyName("last_read_id")]
    public required string LastReadId { get; init; }

    /// <summary>Counts the marker's changes, for clients that guard against overwriting a newer position.</summary>
    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("updated_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime UpdatedAt { get; init; }
}
