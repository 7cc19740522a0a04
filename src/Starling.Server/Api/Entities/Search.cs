using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Search (v2) results.</summary>
public sealed record SearchEntity
{
    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountEntity> Accounts { get; init; }

    [JsonPropertyName("statuses")]
    public required IReadOnlyList<StatusEntity> Statuses { get; init; }

    [JsonPropertyName("hashtags")]
    public required IReadOnlyList<TagEntity> Hashtags { get; init; }
}
