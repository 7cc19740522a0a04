using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>
/// Mastodon's V1::Filter, the pre-4.0 shape some clients still speak (Mastodon.py 1.8): one keyword of a filter, shown
/// as a filter of its own. <c>irreversible</c> stands for the filter hiding rather than warning.
/// </summary>
public sealed record FilterV1Entity
{
    /// <summary>The keyword's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("phrase")]
    public required string Phrase { get; init; }

    [JsonPropertyName("context")]
    public required IReadOnlyList<string> Context { get; init; }

    [JsonPropertyName("whole_word")]
    public required bool WholeWord { get; init; }

    [JsonPropertyName("expires_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? ExpiresAt { get; init; }

    [JsonPropertyName("irreversible")]
    public required bool Irreversible { get; init; }
}
