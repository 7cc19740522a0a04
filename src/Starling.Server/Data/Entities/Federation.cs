namespace Starling.Server.Data.Entities;

/// <summary>An activity this server sends, stored once however many inboxes it goes to.</summary>
public sealed class OutboxActivity
{
    public long Id { get; set; }
    /// <summary>The activity's ActivityPub id.</summary>
    public required string Uri { get; set; }
    /// <summary>The key that signs its deliveries: its actor's, copied here so that an account's farewell Delete can
    /// still be signed after the account and its key are gone.</summary>
    public required string KeyId { get; set; }
    public required string PrivateKeyPem { get; set; }
    public required string Json { get; set; }
    /// <summary>The status it is about, so deleting the status cancels what is still pending.</summary>
    public long? StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One activity on its way to one inbox; retried with backoff, removed once delivered.</summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public long OutboxActivityId { get; set; }
    public required string InboxUrl { get; set; }
    /// <summary>The inbox's host, for the instance's health and blocks.</summary>
    public required string Domain { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime RunAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public long? StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum DeliveryState
{
    Pending = 0,
    Running = 1,
    /// <summary>Given up on after about a week of failures; kept for an admin to see.</summary>
    Failed = 2,
}

/// <summary>What this server knows about another server: whether deliveries to it have been failing.</summary>
public sealed class RemoteInstance
{
    public required string Domain { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTime? FailingSince { get; set; }
    /// <summary>Set after failing for long enough; deliveries then wait, and resume when the server answers again.</summary>
    public DateTime? UnavailableSince { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An inbound activity id already accepted, so a retried delivery is processed once.</summary>
public sealed class ReceivedActivity
{
    public required string Uri { get; set; }
    public DateTime ReceivedAt { get; set; }
}

/// <summary>A moderation decision about a whole remote server.</summary>
public sealed class DomainBlock
{
    public long Id { get; set; }
    public required string Domain { get; set; }
    public DomainBlockSeverity Severity { get; set; }
    /// <summary>Never fetch or show this server's media files.</summary>
    public bool RejectMedia { get; set; }
    /// <summary>Ignore reports (Flag activities) from this server.</summary>
    public bool RejectReports { get; set; }
    public string PublicComment { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum DomainBlockSeverity
{
    /// <summary>Only the media and report rules apply.</summary>
    None = 0,
    /// <summary>Its posts stay out of public timelines and its accounts' posts reach only their followers.</summary>
    Silence = 1,
    /// <summary>Nothing is accepted from it or sent to it, and what was stored from it is removed.</summary>
    Suspend = 2,
}

/// <summary>Something this server published and deleted; its address answers 410 Gone with a Tombstone.</summary>
public sealed class Tombstone
{
    public required string Uri { get; set; }
    /// <summary>The ActivityStreams type it had (Note, Person), for the Tombstone's formerType.</summary>
    public required string FormerType { get; set; }
    public DateTime DeletedAt { get; set; }
}
