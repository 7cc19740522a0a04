using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Report: what a user filed against an account, as the reporter sees it.</summary>
public sealed record ReportEntity
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Whether a moderator has dealt with it.</summary>
    [JsonPropertyName("action_taken")]
    public required bool ActionTaken { get; init; }

    [JsonPropertyName("action_taken_at"), JsonConverter(typeof(MastodonDateTimeConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required DateTime? ActionTakenAt { get; init; }

    /// <summary>"spam", "legal", "violation" or "other".</summary>
    [JsonPropertyName("category")]
    public required string Category { get; init; }

    [JsonPropertyName("comment")]
    public required string Comment { get; init; }

    /// <summary>Whether a copy went to the reported account's server.</summary>
    [JsonPropertyName("forwarded")]
    public required bool Forwarded { get; init; }

    [JsonPropertyName("created_at"), JsonConverter(typeof(MastodonDateTimeConverter))]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyName("status_ids"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? StatusIds { get; init; }

    [JsonPropertyName("rule_ids"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required IReadOnlyList<string>? RuleIds { get; init; }

    [JsonPropertyName("target_account")]
    public required AccountEntity TargetAccount { get; init; }
}
