using System.ComponentModel.DataAnnotations;

namespace Starling.Server.Options;

/// <summary><c>Starling:OAuth</c>: how access tokens are checked.</summary>
public sealed class OAuthOptions
{
    /// <summary>How long a validated bearer token is remembered in memory; 0 checks the database on every request.</summary>
    [Range(0, 3600)]
    public int TokenCacheSeconds { get; set; } = 60;
}

/// <summary><c>Starling:RateLimits</c>: requests allowed per window, per token (or per address without one).</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests from this machine (a loopback address) are not limited, as on Mastodon: scripts, tests and health checks
    /// run there. Behind a local reverse proxy the client's own address comes from X-Forwarded-For.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;

    /// <summary>Every API request, per access token, or per client address when there is none.</summary>
    public RateLimit Api { get; set; } = new() { Requests = 300, WindowSeconds = 300 };

    /// <summary>Account sign-ups (web form and API), per client address.</summary>
    public RateLimit SignUp { get; set; } = new() { Requests = 5, WindowSeconds = 1800 };

    /// <summary>Password sign-ins and token requests, per client address.</summary>
    public RateLimit Login { get; set; } = new() { Requests = 25, WindowSeconds = 300 };

    /// <summary>Media uploads, per access token.</summary>
    public RateLimit Media { get; set; } = new() { Requests = 30, WindowSeconds = 1800 };

    /// <summary>
    /// Deliveries to the inboxes, per client address: generous, since a large server delivers a burst from few
    /// addresses, but a bound on what one address can make us verify and fetch.
    /// </summary>
    public RateLimit Inbox { get; set; } = new() { Requests = 30_000, WindowSeconds = 300 };

    public IEnumerable<(string Name, RateLimit Limit)> All => [("Api", Api), ("SignUp", SignUp), ("Login", Login), ("Media", Media), ("Inbox", Inbox)];
}

public sealed class RateLimit
{
    public int Requests { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
