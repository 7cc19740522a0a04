using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Relationship: how the viewer stands towards the account <see cref="Id"/>.</summary>
public sealed record RelationshipEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("following")]
    public required bool Following { get; init; }

    [JsonPropertyName("showing_reblogs")]
    public required bool ShowingReblogs { get; init; }

    [JsonPropertyName("notifying")]
    public required bool Notifying { get; init; }

    /// <summary>The languages the viewer follows this account in; null when the follow is not limited by language.</summary>
    [JsonPropertyName("languages"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? Languages { get; init; }

    [JsonPropertyName("followed_by")]
    public required bool FollowedBy { get; init; }

    [JsonPropertyName("blocking")]
    public required bool Blocking { get; init; }

    [JsonPropertyName("blocked_by")]
    public required bool BlockedBy { get; init; }

    [JsonPropertyName("muting")]
    public required bool Muting { get; init; }

    [JsonPropertyName("muting_notifications")]
    public required bool MutingNotifications { get; init; }

    [JsonPropertyName("requested")]
    public required bool Requested { get; init; }

    [JsonPropertyName("requested_by")]
    public required bool RequestedBy { get; init; }

    [JsonPropertyName("domain_blocking")]
    public required bool DomainBlocking { get; init; }

    [JsonPropertyName("endorsed")]
    public required bool Endorsed { get; init; }

    /// <summary>The viewer's private note about the account.</summary>
    [JsonPropertyName("note")]
    public required string Note { get; init; }
}
