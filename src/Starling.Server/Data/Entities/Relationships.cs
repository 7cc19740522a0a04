namespace Starling.Server.Data.Entities;

public sealed class Follow
{
    public long Id { get; set; }
    /// <summary>The id of the activity that made it when it came from another server, so an Undo or Accept can name it.</summary>
    public string? Uri { get; set; }
    public long AccountId { get; set; }
    public long TargetAccountId { get; set; }
    /// <summary>Whether the follower's home shows the target's boosts.</summary>
    public bool ShowReblogs { get; set; } = true;
    public bool Notify { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class FollowRequest
{
    public long Id { get; set; }
    /// <summary>The id of the activity that made it when it came from another server, so an Undo or Accept can name it.</summary>
    public string? Uri { get; set; }
    public long AccountId { get; set; }
    public long TargetAccountId { get; set; }
    public bool ShowReblogs { get; set; } = true;
    public bool Notify { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Block
{
    public long Id { get; set; }
    /// <summary>The id of the activity that made it when it came from another server, so an Undo or Accept can name it.</summary>
    public string? Uri { get; set; }
    public long AccountId { get; set; }
    public long TargetAccountId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Mute
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long TargetAccountId { get; set; }
    public bool HideNotifications { get; set; } = true;
    public DateTime? ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
