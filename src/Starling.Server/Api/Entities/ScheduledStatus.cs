using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's ScheduledStatus: a post waiting for its time, with the parameters it will be posted with.</summary>
public sealed record ScheduledStatusEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("scheduled_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime ScheduledAt { get; init; }

    [JsonPropertyName("params")]
    public required ScheduledStatusParamsEntity Params { get; init; }

    [JsonPropertyName("media_attachments")]
    public required IReadOnlyList<MediaAttachmentEntity> MediaAttachments { get; init; }
}

/// <summary>What the scheduled post was submitted with; values the author left out stay null, as on Mastodon.</summary>
public sealed record ScheduledStatusParamsEntity
{
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    [JsonPropertyName("poll"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required ScheduledPollParamsEntity? Poll { get; init; }

    [JsonPropertyName("media_ids"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? MediaIds { get; init; }

    [JsonPropertyName("sensitive"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool? Sensitive { get; init; }

    [JsonPropertyName("spoiler_text"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? SpoilerText { get; init; }

    [JsonPropertyName("visibility"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Visibility { get; init; }

    [JsonPropertyName("in_reply_to_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? InReplyToId { get; init; }

    [JsonPropertyName("language"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Language { get; init; }

    /// <summary>Mastodon keeps it for old clients only.</summary>
    [JsonPropertyName("application_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required long? ApplicationId { get; init; }

    /// <summary>Always null: a scheduled post is scheduled only once.</summary>
    [JsonPropertyName("scheduled_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ScheduledAt { get; init; }

    [JsonPropertyName("idempotency"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Idempotency { get; init; }

    [JsonPropertyName("with_rate_limit")]
    public required bool WithRateLimit { get; init; }
}

public sealed record ScheduledPollParamsEntity
{
    [JsonPropertyName("options")]
    public required IReadOnlyList<string> Options { get; init; }

    /// <summary>Seconds, as a string (Mastodon stores what the client sent).</summary>
    [JsonPropertyName("expires_in")]
    public required string ExpiresIn { get; init; }

    [JsonPropertyName("multiple"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Multiple { get; init; }

    [JsonPropertyName("hide_totals"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HideTotals { get; init; }
}
