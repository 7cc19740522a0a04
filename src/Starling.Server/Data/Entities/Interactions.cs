namespace Starling.Server.Data.Entities;

public sealed class Favourite
{
    public long Id { get; set; }
    /// <summary>The Like activity's id when it came from another server, so its Undo can name it.</summary>
    public string? Uri { get; set; }
    public long AccountId { get; set; }
    public long StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Bookmark
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class StatusPin
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long StatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}
