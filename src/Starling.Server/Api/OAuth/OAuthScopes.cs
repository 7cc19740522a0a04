namespace Starling.Server.Api.OAuth;

/// <summary>
/// Mastodon's OAuth scopes: the top-level ones (read, write, follow, push, profile, admin:read, admin:write) and the
/// granular ones beneath them. A token with a parent scope may do everything its children allow; the legacy
/// <c>follow</c> scope covers reading and changing follows, blocks and mutes.
/// </summary>
public static class OAuthScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Follow = "follow";
    public const string Push = "push";
    public const string Profile = "profile";
    public const string AdminRead = "admin:read";
    public const string AdminWrite = "admin:write";

    /// <summary>What a client gets when it asks for nothing, as on Mastodon.</summary>
    public const string Default = Read;

    public static readonly IReadOnlyList<string> TopLevel = [Read, Write, Follow, Push, Profile, AdminRead, AdminWrite];

    private static readonly string[] ReadAreas = ["accounts", "blocks", "bookmarks", "favourites", "filters", "follows", "lists", "mutes", "notifications", "search", "statuses"];

    private static readonly string[] WriteAreas = ["accounts", "blocks", "bookmarks", "conversations", "favourites", "filters", "follows", "lists", "media", "mutes", "notifications", "reports", "statuses"];

    private static readonly string[] AdminAreas = ["accounts", "reports", "domain_allows", "domain_blocks", "ip_blocks", "email_domain_blocks", "canonical_email_blocks"];

    private static readonly string[] FollowCovers = ["read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"];

    public static readonly IReadOnlyList<string> Granular =
    [
        .. ReadAreas.Select(a => $"read:{a}"),
        .. WriteAreas.Select(a => $"write:{a}"),
        .. AdminAreas.Select(a => $"admin:read:{a}"),
        .. AdminAreas.Select(a => $"admin:write:{a}"),
    ];

    public static readonly IReadOnlyList<string> All = [.. TopLevel, .. Granular];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string scope) => Known.Contains(scope);

    /// <summary>Splits a scope string: space-separated, or plus-separated as some clients send it in a query.</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([' ', '+', '\t', '\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The scope a granular scope falls under ("read:statuses" → "read", "admin:read:accounts" → "admin:read").</summary>
    public static string? Parent(string scope)
    {
        var colon = scope.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var parent = scope[..colon];
        return IsKnown(parent) ? parent : null;
    }

    /// <summary>Whether a token granted <paramref name="granted"/> may do what <paramref name="required"/> allows.</summary>
    public static bool Satisfies(IReadOnlySet<string> granted, string required)
    {
        if (granted.Contains(required))
        {
            return true;
        }
        if (granted.Contains(Follow) && FollowCovers.Contains(required, StringComparer.Ordinal))
        {
            return true;
        }
        return Parent(required) is { } parent && granted.Contains(parent);
    }

    /// <summary>Everything an app registered for <paramref name="scopes"/> may ask for: those scopes and their granular children.</summary>
    public static IEnumerable<string> Requestable(IEnumerable<string> scopes)
    {
        var registered = scopes.ToHashSet(StringComparer.Ordinal);
        return All.Where(scope => Satisfies(registered, scope));
    }

    /// <summary>Words for the consent page: what the app may do with each scope.</summary>
    public static string Describe(string scope) => scope switch
    {
        Read => "Read all your account's data",
        Write => "Change all your account's data: post, follow, favourite, edit your profile",
        Follow => "Follow, mute and block accounts, and see whom you follow, mute and block",
        Push => "Receive your push notifications",
        Profile => "Read your profile's public information only",
        AdminRead => "Read all data on the server (moderators only)",
        AdminWrite => "Moderate users and content on the server (moderators only)",
        _ when scope.StartsWith("admin:read:", StringComparison.Ordinal) => $"Read the server's {Area(scope)} (moderators only)",
        _ when scope.StartsWith("admin:write:", StringComparison.Ordinal) => $"Moderate the server's {Area(scope)} (moderators only)",
        _ when scope.StartsWith("read:", StringComparison.Ordinal) => $"Read your {Area(scope)}",
        _ when scope.StartsWith("write:", StringComparison.Ordinal) => $"Change your {Area(scope)}",
        _ => scope,
    };

    private static string Area(string scope) => scope[(scope.LastIndexOf(':') + 1)..].Replace('_', ' ');
}
