namespace Starling.Server.Data.Entities;

public sealed class Status
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public Account Account { get; set; } = null!;
    /// <summary>What the author typed; empty for a boost.</summary>
    public string Text { get; set; } = "";
    public string ContentHtml { get; set; } = "";
    /// <summary>The content warning; empty when none.</summary>
    public string SpoilerText { get; set; } = "";
    public bool Sensitive { get; set; }
    public Visibility Visibility { get; set; }
    public string? Language { get; set; }
    public long? InReplyToId { get; set; }
    public Status? InReplyTo { get; set; }
    public long? InReplyToAccountId { get; set; }
    /// <summary>Set when this row is a boost of another status.</summary>
    public long? ReblogOfId { get; set; }
    public Status? ReblogOf { get; set; }
    /// <summary>The root of the thread, for muting conversations and direct-message threads.</summary>
    public long ConversationId { get; set; }
    /// <summary>The ActivityPub id of a remote status (for a remote boost, its Announce); null for local ones.</summary>
    public string? Uri { get; set; }
    /// <summary>A remote status's web page, when it names one.</summary>
    public string? Url { get; set; }
    /// <summary>The parent's ActivityPub id when a remote reply's parent is not known here (yet).</summary>
    public string? InReplyToUri { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public int RepliesCount { get; set; }
    public int ReblogsCount { get; set; }
    public int FavouritesCount { get; set; }

    public List<Mention> Mentions { get; set; } = [];
    public List<StatusTag> Tags { get; set; } = [];
    /// <summary>Loaded by StatusLoader for display; ordered by <see cref="MediaAttachment.Position"/>.</summary>
    public List<MediaAttachment> MediaAttachments { get; set; } = [];
    public Poll? Poll { get; set; }

    public bool IsReblog => ReblogOfId is not null;
}

/// <summary>Ordered from the widest audience to the narrowest, as Mastodon orders them.</summary>
public enum Visibility
{
    Public = 0,
    Unlisted = 1,
    Private = 2,
    Direct = 3,
}
