using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Notification; <see cref="Status"/> is sent only for the types that are about a status.</summary>
public sealed record NotificationEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>One of <see cref="NotificationTypes"/>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("created_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime CreatedAt { get; init; }

    /// <summary>Groups notifications for the grouped-notifications API; "ungrouped-{id}" for one that stands alone.</summary>
    [JsonPropertyName("group_key")]
    public required string GroupKey { get; init; }

    /// <summary>Who caused it.</summary>
    [JsonPropertyName("account")]
    public required AccountEntity Account { get; init; }

    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusEntity? Status { get; init; }
}
