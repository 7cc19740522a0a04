namespace Starling.Server.Data.Entities;

/// <summary>A named group of followed accounts with a timeline of its own (Mastodon's list).</summary>
public sealed class UserList
{
    public long Id { get; set; }
    /// <summary>The owner: lists are private to the account that made them.</summary>
    public long AccountId { get; set; }
    public required string Title { get; set; }
    public ListRepliesPolicy RepliesPolicy { get; set; } = ListRepliesPolicy.List;
    /// <summary>Members' posts leave the owner's home timeline and appear only here.</summary>
    public bool Exclusive { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Which replies a list's timeline shows, beyond members replying to themselves or to the owner.</summary>
public enum ListRepliesPolicy
{
    /// <summary>Replies to anyone the owner follows.</summary>
    Followed = 0,
    /// <summary>Replies to other members of the list.</summary>
    List = 1,
    /// <summary>No other replies.</summary>
    None = 2,
}

/// <summary>
/// An account on a list. It hangs off the owner's follow of that account, so unfollowing (or blocking) removes the
/// account from the owner's lists, as on Mastodon.
/// </summary>
public sealed class ListMember
{
    public long Id { get; set; }
    public long ListId { get; set; }
    public UserList List { get; set; } = null!;
    public long AccountId { get; set; }
    public Account Account { get; set; } = null!;
    public long FollowId { get; set; }
    public DateTime CreatedAt { get; set; }
}
