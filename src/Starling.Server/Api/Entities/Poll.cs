using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Poll; <see cref="Voted"/> and <see cref="OwnVotes"/> are sent only to a signed-in viewer.</summary>
public sealed record PollEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("expires_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? ExpiresAt { get; init; }

    [JsonPropertyName("expired")]
    public required bool Expired { get; init; }

    [JsonPropertyName("multiple")]
    public required bool Multiple { get; init; }

    [JsonPropertyName("votes_count")]
    public required int VotesCount { get; init; }

    /// <summary>Distinct voters; null on a single-choice poll.</summary>
    [JsonPropertyName("voters_count"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int? VotersCount { get; init; }

    [JsonPropertyName("options")]
    public required IReadOnlyList<PollOptionEntity> Options { get; init; }

    [JsonPropertyName("emojis")]
    public required IReadOnlyList<CustomEmojiEntity> Emojis { get; init; }

    [JsonPropertyName("voted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Voted { get; init; }

    /// <summary>The indexes of the options the viewer chose.</summary>
    [JsonPropertyName("own_votes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? OwnVotes { get; init; }
}

public sealed record PollOptionEntity
{
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>Null while the results are hidden until the poll ends.</summary>
    [JsonPropertyName("votes_count"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int? VotesCount { get; init; }
}
