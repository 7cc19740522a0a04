namespace Starling.Server.Data.Entities;

public sealed class Tag
{
    public long Id { get; set; }
    /// <summary>Lower-cased; the unique key.</summary>
    public required string Name { get; set; }
    /// <summary>As first written, for display.</summary>
    public required string DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class StatusTag
{
    public long StatusId { get; set; }
    public long TagId { get; set; }
    public Tag Tag { get; set; } = null!;
}
