namespace Starling.Server.Data.Entities;

public sealed class Mention
{
    public long StatusId { get; set; }
    public long AccountId { get; set; }
    public Account Account { get; set; } = null!;
}
