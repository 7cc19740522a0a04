using OpenIddict.EntityFrameworkCore.Models;

namespace Starling.Server.Data.Entities;

/// <summary>A registered client app (Mastodon's "application"); OpenIddict manages it, Starling adds the website.</summary>
public sealed class OAuthApplication : OpenIddictEntityFrameworkCoreApplication<long, OAuthAuthorization, OAuthToken>
{
    public string? Website { get; set; }

    /// <summary>The scopes the app registered with, space-separated, as apps read them back.</summary>
    public string Scopes { get; set; } = "read";

    public DateTime CreatedAt { get; set; }
}

/// <summary>A user's consent to an app for a set of scopes; revoking it revokes every token issued under it.</summary>
public sealed class OAuthAuthorization : OpenIddictEntityFrameworkCoreAuthorization<long, OAuthApplication, OAuthToken>;

/// <summary>Kept for OpenIddict's scope store; scopes are a fixed list in code, so the table stays empty.</summary>
public sealed class OAuthScope : OpenIddictEntityFrameworkCoreScope<long>;

/// <summary>An issued code or token. Only a hash of a reference token's secret is stored, in <c>ReferenceId</c>.</summary>
public sealed class OAuthToken : OpenIddictEntityFrameworkCoreToken<long, OAuthApplication, OAuthAuthorization>;

/// <summary>The status values OpenIddict writes, named for code that updates rows in bulk.</summary>
public static class OAuthStatuses
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
}
