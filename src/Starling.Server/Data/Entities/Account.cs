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

    public User? User { get; set; }

    public bool IsLocal => Domain is null;
    public bool IsSuspended => SuspendedAt is not null;
}
