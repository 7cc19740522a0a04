using System.Text.RegularExpressions;

namespace Starling.Server.Features.Accounts;

public static partial class UsernameRules
{
    public const int MaxLength = 30;

    [GeneratedRegex("^[a-zA-Z0-9_]{1,30}$")]
    private static partial Regex Pattern();

    /// <summary>Role names that would let a sign-up impersonate the server's staff; an admin may give them out.</summary>
    private static readonly HashSet<string> StaffNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "root", "support", "help", "moderator", "moderators", "mod", "staff",
        "postmaster", "webmaster", "hostmaster", "abuse", "security",
    };

    /// <summary>Names that clash with the server itself or its routes (Mastodon and GoToSocial reserve similar ones): nobody gets them.</summary>
    private static readonly HashSet<string> SystemNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "starling", "instance", "actor", "inbox", "outbox", "users", "user", "api", "oauth", "auth", "settings",
        "about", "public", "tags", "tag", "notifications", "null", "undefined", "everyone", "all", "www", "mail", "nodeinfo",
        "well_known", "search", "explore", "home", "login", "logout", "signup",
    };

    public static bool IsWellFormed(string username) => Pattern().IsMatch(username);

    /// <param name="byAdmin">An admin creating the account may use the staff role names.</param>
    public static bool IsReserved(string username, bool byAdmin = false) =>
        SystemNames.Contains(username) || (!byAdmin && StaffNames.Contains(username));

    public static string Normalize(string username) => username.ToLowerInvariant();
}
