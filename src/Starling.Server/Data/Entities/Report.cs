namespace Starling.Server.Data.Entities;

/// <summary>A complaint about an account (and some of its statuses) for this server's moderators.</summary>
public sealed class Report
{
    public long Id { get; set; }
    /// <summary>Who reported: a local account, or the remote actor whose Flag brought it here.</summary>
    public long AccountId { get; set; }
    public long TargetAccountId { get; set; }
    public IReadOnlyList<string> StatusIds { get; set; } = [];
    public string Comment { get; set; } = "";
    /// <summary>The Flag activity's id when the report came from another server.</summary>
    public string? Uri { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
}
