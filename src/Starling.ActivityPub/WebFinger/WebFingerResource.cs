using System.Diagnostics.CodeAnalysis;

namespace Starling.ActivityPub.WebFinger;

/// <summary>
/// What a WebFinger query asks about: an account (<c>acct:user@host</c>, also written <c>user@host</c> or
/// <c>@user@host</c>) or an http(s) URL such as an actor id. Hosts are lower-cased and may carry a port.
/// </summary>
public readonly record struct WebFingerResource
{
    private WebFingerResource(string? username, string host, int? port, Uri? url)
    {
        Username = username;
        Host = host;
        Port = port;
        Url = url;
    }

    /// <summary>The account's user name, or null for a URL.</summary>
    public string? Username { get; }

    /// <summary>The host name, lower-cased, without a port.</summary>
    public string Host { get; }

    /// <summary>The port when one was written.</summary>
    public int? Port { get; }

    /// <summary>The URL, when the resource is one.</summary>
    public Uri? Url { get; }

    [MemberNotNullWhen(true, nameof(Username))]
    [MemberNotNullWhen(false, nameof(Url))]
    public bool IsAccount => Username is not null;

    /// <summary>The host with its port, if any: what a WebFinger query is sent to.</summary>
    public string Authority => Port is { } port ? $"{FormatHost(Host)}:{port}" : FormatHost(Host);

    public static WebFingerResource ForAccount(string username, string authority) =>
        TryParse($"acct:{username}@{authority}", out var resource) && resource.IsAccount
            ? resource
            : throw new ArgumentException($"'{username}@{authority}' is not an account.");

    /// <exception cref="FormatException">The value is neither an account nor an http(s) URL.</exception>
    public static WebFingerResource Parse(string value) =>
        TryParse(value, out var resource) ? resource : throw new FormatException($"'{value}' is not a WebFinger resource.");

    public static bool TryParse([NotNullWhen(true)] string? value, out WebFingerResource resource)
    {
        resource = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.HostNameType is UriHostNameType.Unknown || !string.IsNullOrEmpty(url.UserInfo))
            {
                return false;
            }

            resource = new WebFingerResource(null, url.IdnHost.ToLowerInvariant(), url.IsDefaultPort ? null : url.Port, url);
            return true;
        }

        var account = value.StartsWith("acct:", StringComparison.OrdinalIgnoreCase) ? value[5..] : value;
        if (account.StartsWith('@'))
        {
            account = account[1..];
        }

        var at = account.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != account.LastIndexOf('@') || at == account.Length - 1)
        {
            return false;
        }

        var username = Uri.UnescapeDataString(account[..at]);
        if (username.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@' or ':' or '?' or '#'))
        {
            return false;
        }

        // The authority is checked the way a URL's would be, so "host:port" and "[::1]:8080" read and "a/b" does not.
        if (!Uri.TryCreate($"https://{account[(at + 1)..]}/", UriKind.Absolute, out var hostUri)
            || hostUri.AbsolutePath != "/" || !string.IsNullOrEmpty(hostUri.Query) || !string.IsNullOrEmpty(hostUri.Fragment)
            || !string.IsNullOrEmpty(hostUri.UserInfo) || hostUri.HostNameType is UriHostNameType.Unknown)
        {
            return false;
        }

        var explicitPort = account[(at + 1)..].EndsWith($":{hostUri.Port}", StringComparison.Ordinal) ? hostUri.Port : (int?)null;
        resource = new WebFingerResource(username, hostUri.IdnHost.ToLowerInvariant(), explicitPort, null);
        return true;
    }

    /// <summary>The WebFinger query for this resource: <c>{scheme}://{authority}/.well-known/webfinger?resource=...</c>.</summary>
    public Uri QueryUri(string scheme = "https") =>
        new($"{scheme}://{Authority}/.well-known/webfinger?resource={Uri.EscapeDataString(ToString())}");

    /// <summary><c>acct:user@host[:port]</c> for an account, the URL otherwise.</summary>
    public override string ToString() => IsAccount ? $"acct:{Username}@{Authority}" : Url.AbsoluteUri;

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
}
