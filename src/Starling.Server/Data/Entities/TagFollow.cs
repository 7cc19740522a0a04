namespace Starling.Server.Data.Entities;

/// <summary>A local account follows a hashtag: public posts using it reach the account's home timeline.</summary>
public sealed class TagFollow
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long TagId { get; set; }
    public Tag Tag { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
}
