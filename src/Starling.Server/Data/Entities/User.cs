namespace Starling.Server.Data.Entities;

/// <summary>The login behind a local account (Mastodon's split of users and accounts).</summary>
public sealed class User
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public Account Account { get; set; } = null!;
    public required string Email { get; set; }
    public required string EmailNormalized { get; set; }
    public required string PasswordHash { get; set; }
    public bool Admin { get; set; }
    /// <summary>False while an approval-mode sign-up waits for a moderator.</summary>
    public bool Approved { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public string? SignUpReason { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The audience new posts start with (never direct).</summary>
    public Visibility DefaultVisibility { get; set; } = Visibility.Public;
    /// <summary>Whether new posts start marked sensitive.</summary>
    public bool DefaultSensitive { get; set; }
    /// <summary>The language new posts are tagged with when the app names none (ISO 639), or null.</summary>
    public string? DefaultLanguage { get; set; }
    /// <summary>Changing it signs out every cookie issued before.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
}
