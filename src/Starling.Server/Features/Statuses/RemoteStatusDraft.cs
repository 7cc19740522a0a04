using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// A post as another server published it, already checked (its author is who sent it) and made safe (its HTML
/// sanitized, its mentions resolved to accounts known here), so storing it needs no knowledge of ActivityPub.
/// </summary>
public sealed record RemoteStatusDraft
{
    /// <summary>The remote account that wrote it.</summary>
    public required long AuthorId { get; init; }

    /// <summary>Its ActivityPub id, unique among statuses.</summary>
    public required string Uri { get; init; }

    /// <summary>Its web page on its own server, when it names one.</summary>
    public string? Url { get; init; }

    /// <summary>Safe HTML, sanitized before it got here.</summary>
    public required string ContentHtml { get; init; }

    public string SpoilerText { get; init; } = "";
    public bool Sensitive { get; init; }
    public Visibility Visibility { get; init; }
    public string? Language { get; init; }

    /// <summary>The parent when it is known here.</summary>
    public long? InReplyToId { get; init; }

    /// <summary>The parent's ActivityPub id, kept when the parent is not known here, so it can be linked when it arrives.</summary>
    public string? InReplyToUri { get; init; }

    /// <summary>Accounts it mentions (local and remote) that are known here.</summary>
    public IReadOnlyList<long> MentionedAccountIds { get; init; } = [];

    /// <summary>Hashtag names without the '#', as written.</summary>
    public IReadOnlyList<string> TagNames { get; init; } = [];

    public IReadOnlyList<RemoteMediaDraft> Media { get; init; } = [];
    public RemotePollDraft? Poll { get; init; }
    public required DateTime CreatedAt { get; init; }

    /// <summary>When it was last edited, by its server's clock; null when never.</summary>
    public DateTime? EditedAt { get; init; }
}

/// <summary>
/// A file on another server, linked until the media worker caches it. What its server says of it (sizes, duration) is
/// shown until then; once cached, what the file itself shows replaces it.
/// </summary>
public sealed record RemoteMediaDraft(
    string RemoteUrl,
    MediaType Type,
    string ContentType,
    string? Description = null,
    int? Width = null,
    int? Height = null,
    double? FocusX = null,
    double? FocusY = null,
    string? Blurhash = null,
    double? DurationSeconds = null);

/// <summary>A remote poll with the counts its server last published.</summary>
public sealed record RemotePollDraft(
    IReadOnlyList<string> Options,
    IReadOnlyList<int> Tallies,
    DateTime ExpiresAt,
    bool Multiple,
    int? VotersCount = null);
