namespace Starling.Server.Data.Entities;

/// <summary>One version of a status in its edit history; the first row is the original.</summary>
public sealed class StatusEdit
{
    public long Id { get; set; }
    public long StatusId { get; set; }
    public string Text { get; set; } = "";
    public string ContentHtml { get; set; } = "";
    public string SpoilerText { get; set; } = "";
    public bool Sensitive { get; set; }
    /// <summary>The poll's options at this version; null when the status had no poll.</summary>
    public List<string>? PollOptions { get; set; }
    public DateTime CreatedAt { get; set; }
}
