namespace Starling.Server.Data.Entities;

/// <summary>A profile that posts and follows: local (Domain is null) or, once federation lands, remote.</summary>
public sealed class Account
{
    public long Id { get; set; }
    public required string Username { get; set; }
    /// <summary>Lower-cased username, unique together with Domain: usernames are unique case-insensitively.</summary>
    public required string UsernameNormalized { get; set; }
    public string? Domain { get; set; }
    public string DisplayName { get; set; } = "";
    /// <summary>The bio as the user typed it.</summary>
    public string Note { get; set; } = "";
    /// <summary>The bio rendered to safe HTML.</summary>
    public string NoteHtml { get; set; } = "";
    public bool Locked { get; set; }
    public bool Bot { get; set; }
    public bool Discoverable { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SuspendedAt { get; set; }
    public int StatusesCount { get; set; }
    public int FollowersCount { get; set; }
    public int FollowingCount { get; set; }
    public DateTime? LastStatusAt { get; set; }
    /// <summary>The profile's name-value pairs, in order; replaced as a whole, never changed in place.</summary>
    public IReadOnlyList<ProfileField> Fields { get; set; } = [];
    /// <summary>Whether public posts may be indexed for full-text search by other servers (Mastodon's "indexable").</summary>
    public bool Indexable { get; set; }

    // What a remote account's actor document said; null on local accounts, whose addresses follow from the username.
    /// <summary>The ActivityPub id of a remote actor.</summary>
    public string? Uri { get; set; }
    /// <summary>A remote profile's web page.</summary>
    public string? Url { get; set; }
    public ActorType ActorType { get; set; }
    public string? InboxUrl { get; set; }
    /// <summary>The remote server's shared inbox; deliveries to many of its accounts go there once.</summary>
    public string? SharedInboxUrl { get; set; }
    public string? OutboxUrl { get; set; }
    public string? FollowersUrl { get; set; }
    public string? FollowingUrl { get; set; }
    public string? FeaturedUrl { get; set; }
    public string? AvatarRemoteUrl { get; set; }
    public string? HeaderRemoteUrl { get; set; }
    /// <summary>
    /// The profile picture in media storage: a local account's upload, or a remote one's cached copy. Null when there
    /// is none here (a remote picture not cached is shown from <see cref="AvatarRemoteUrl"/>).
    /// </summary>
    public string? AvatarFilePath { get; set; }
    /// <summary>The header picture in media storage, as <see cref="AvatarFilePath"/>.</summary>
    public string? HeaderFilePath { get; set; }
    /// <summary>When a remote account's avatar or header was last cached here; <c>media cleanup --days N</c> drops older copies.</summary>
    public DateTime? PicturesCachedAt { get; set; }
    /// <summary>When the actor document was last fetched or received; stale remote accounts are fetched again.</summary>
    public DateTime? FetchedAt { get; set; }
    /// <summary>Other actor ids this account says it also is; a Move is honoured only to one of them.</summary>
    public IReadOnlyList<string> AlsoKnownAs { get; set; } = [];
    public long? MovedToAccountId { get; set; }

    public User? User { get; set; }

    public bool IsLocal => Domain is null;
    public bool IsSuspended => SuspendedAt is not null;
}

/// <summary>The ActivityStreams actor type: Person for people, Service for bots, Group, Application for servers.</summary>
public enum ActorType
{
    Person = 0,
    Service = 1,
    Group = 2,
    Organization = 3,
    Application = 4,
}
