namespace Starling.Server.Data.Entities;

public sealed class Favourite
{
    public long Id { get; set; }
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
