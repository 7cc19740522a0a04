namespace Starling.Server.Data.Entities;

/// <summary>A post waiting for its time; a job publishes it through the same use case as any post.</summary>
public sealed class ScheduledStatus
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public DateTime ScheduledAt { get; set; }
    /// <summary>What the author submitted, kept as it was (stored as JSON).</summary>
    public ScheduledStatusParams Params { get; set; } = new();
    public DateTime CreatedAt { get; set; }
}

/// <summary>The parameters a scheduled post will be published with; what the author left out stays null.</summary>
public sealed record ScheduledStatusParams
{
    public string Text { get; init; } = "";
    public string? SpoilerText { get; init; }
    public bool? Sensitive { get; init; }
    public Visibility? Visibility { get; init; }
    public long? InReplyToId { get; init; }
    public string? Language { get; init; }
    public ScheduledPollParams? Poll { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>Uploads the post claims when it goes out.</summary>
    public List<long>? MediaIds { get; init; }
}

public sealed record ScheduledPollParams
{
    public List<string> Options { get; init; } = [];
    public int ExpiresInSeconds { get; init; }
    public bool Multiple { get; init; }
    public bool HideTotals { get; init; }
}
