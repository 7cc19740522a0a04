namespace Starling.Server.Data.Entities;

public sealed class Notification
{
    public long Id { get; set; }
    /// <summary>Who is notified.</summary>
    public long AccountId { get; set; }
    /// <summary>Who caused it.</summary>
    public long FromAccountId { get; set; }
    public Account FromAccount { get; set; } = null!;
    public NotificationType Type { get; set; }
    public long? StatusId { get; set; }
    public Status? Status { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum NotificationType
{
    Mention = 0,
    Reply = 1,
    Follow = 2,
    FollowRequest = 3,
    Favourite = 4,
    Reblog = 5,
    /// <summary>A poll the recipient voted in or wrote has ended.</summary>
    Poll = 6,
}

/// <summary>How far a user has read a timeline ("home" or "notifications", Mastodon's markers): drives unread marking.</summary>
public sealed class Marker
{
    public long AccountId { get; set; }
    public required string Timeline { get; set; }
    public long LastReadId { get; set; }
    /// <summary>Counts the marker's changes; two apps saving at once cannot both win (a concurrency token).</summary>
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}
