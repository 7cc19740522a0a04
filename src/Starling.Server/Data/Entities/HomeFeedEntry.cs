namespace Starling.Server.Data.Entities;

/// <summary>A status materialised into one account's home timeline by the fan-out job.</summary>
public sealed class HomeFeedEntry
{
    public long AccountId { get; set; }
    public long StatusId { get; set; }
    /// <summary>The author of the status (or of the boost), so unfollowing can drop entries in one statement.</summary>
    public long AuthorId { get; set; }
}
