using System.Text.RegularExpressions;

namespace Starling.Server.Features.Accounts;

public static partial class UsernameRules
{
    public const int MaxLength = 30;

    [GeneratedRegex("^[a-zA-Z0-9_]{1,30}$")]
    private static partial Regex Pattern();

    /// <summary>Names that would impersonate the server or clash with its routes (Mastodon and GoToSocial reserve similar ones).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "root", "support", "help", "moderator", "moderators", "mod", "staff", "system", "starling",
        "instance", "actor", "inbox", "outbox", "users", "user", "api", "oauth", "auth", "settings", "about", "public",
        "tags", "tag", "notifications", "postmaster", "webmaster", "hostmaster", "abuse", "security", "null", "undefined",
        "everyone", "all", "www", "mail", "nodeinfo", "well_known", "search", "explore", "home", "login", "logout", "signup",
    };

    public static bool IsWellFormed(string username) => Pattern().IsMatch(username);

    public static bool IsReserved(string username) => Reserved.Contains(username);

    public static string Normalize(string username) => username.ToLowerInvariant();
}
