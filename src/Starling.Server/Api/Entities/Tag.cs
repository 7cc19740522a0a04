using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Tag: a hashtag with its use over the last days.</summary>
public sealed record TagEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The hashtag as first written, without the #.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>One entry a day, newest first.</summary>
    [JsonPropertyName("history")]
    public required IReadOnlyList<TagHistoryEntity> History { get; init; }

    /// <summary>Whether the signed-in viewer follows the hashtag; absent for anonymous viewers.</summary>
    [JsonPropertyName("following"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Following { get; init; }
}

/// <summary>One day of a hashtag's use. Mastodon sends all three as strings.</summary>
public sealed record TagHistoryEntity
{
    /// <summary>The day's midnight (UTC) as a UNIX timestamp.</summary>
    [JsonPropertyName("day")]
    public required string Day { get; init; }

    [JsonPropertyName("uses")]
    public required string Uses { get; init; }

    [JsonPropertyName("accounts")]
    public required string Accounts { get; init; }
}
