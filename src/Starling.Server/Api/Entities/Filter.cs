using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Filter (v2): keywords and statuses the user does not want to see, in the given contexts.</summary>
public sealed record FilterEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>Any of "home", "notifications", "public", "thread", "account".</summary>
    [JsonPropertyName("context")]
    public required IReadOnlyList<string> Context { get; init; }

    [JsonPropertyName("expires_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? ExpiresAt { get; init; }

    /// <summary>"warn", "hide" or "blur".</summary>
    [JsonPropertyName("filter_action")]
    public required string FilterAction { get; init; }

    [JsonPropertyName("keywords")]
    public required IReadOnlyList<FilterKeywordEntity> Keywords { get; init; }

    [JsonPropertyName("statuses")]
    public required IReadOnlyList<FilterStatusEntity> Statuses { get; init; }
}

public sealed record FilterKeywordEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("keyword")]
    public required string Keyword { get; init; }

    [JsonPropertyName("whole_word")]
    public required bool WholeWord { get; init; }
}

public sealed record FilterStatusEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("status_id")]
    public required string StatusId { get; init; }
}

/// <summary>Mastodon's FilterResult: a filter a status matched, and what in it matched.</summary>
public sealed record FilterResultEntity
{
    [JsonPropertyName("filter")]
    public required FilterEntity Filter { get; init; }

    [JsonPropertyName("keyword_matches"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? KeywordMatches { get; init; }

    [JsonPropertyName("status_matches"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? StatusMatches { get; init; }
}
