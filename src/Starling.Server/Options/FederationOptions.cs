using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Starling.Server.Options;

/// <summary><c>Starling:Federation</c>: how this server fetches from and sends to other servers.</summary>
public sealed class FederationOptions
{
    /// <summary>
    /// Lets outbound requests reach loopback, private and link-local addresses and use plain http. Only for
    /// development and tests where several servers run on one machine: on a real server it would let anyone who can
    /// make us fetch a URL reach services that only this machine should see.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one fetch or delivery may take in all, redirects and reading the answer included.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Redirects followed by a fetch; each new address is checked again.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>The largest answer read when a caller names no limit of its own (actors, notes, WebFinger).</summary>
    [Range(1024, 104_857_600)]
    public int MaxDocumentBytes { get; set; } = 1_048_576;

    /// <summary>Deliveries sent at once by each node; a slow peer holds one of them for at most the timeout.</summary>
    [Range(1, 64)]
    public int DeliveryConcurrency { get; set; } = 8;

    /// <summary>
    /// The largest activity an inbox accepts; a bigger body is refused with 413 before it is read in full.
    /// Mastodon's limit is about 1 MB as well.
    /// </summary>
    [Range(1024, 104_857_600)]
    public int MaxInboxBytes { get; set; } = 1_048_576;

    /// <summary>
    /// Secure mode, as Mastodon calls it: GETs of this server's ActivityPub documents must carry a valid HTTP signature
    /// by an actor of a server that is not suspended, so a blocked server cannot read posts anonymously. This server's
    /// own fetches are always signed (by the instance actor), so they work against servers that require it.
    /// </summary>
    public bool AuthorizedFetch { get; set; }

    /// <summary>How long a remote actor's stored profile is used before it is fetched again when looked up.</summary>
    [Range(60, 2_592_000)]
    public int ActorRefreshSeconds { get; set; } = 86_400;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan ActorRefresh => TimeSpan.FromSeconds(ActorRefreshSeconds);

    /// <summary>The checks of this section and of <c>Starling:TrustedProxies</c>, each message naming its key.</summary>
    internal static IEnumerable<string> Validate(StarlingOptions options)
    {
        var federation = options.Federation;
        if (federation.TimeoutSeconds is < 1 or > 300)
        {
            yield return $"Starling:Federation:TimeoutSeconds must be between 1 and 300 (got {federation.TimeoutSeconds}).";
        }
        if (federation.MaxRedirects is < 0 or > 10)
        {
            yield return $"Starling:Federation:MaxRedirects must be between 0 and 10 (got {federation.MaxRedirects}).";
        }
        if (federation.MaxDocumentBytes is < 1024 or > 104_857_600)
        {
            yield return $"Starling:Federation:MaxDocumentBytes must be between 1024 and 104857600 (got {federation.MaxDocumentBytes}).";
        }
        if (federation.MaxInboxBytes is < 1024 or > 104_857_600)
        {
            yield return $"Starling:Federation:MaxInboxBytes must be between 1024 and 104857600 (got {federation.MaxInboxBytes}).";
        }
        if (federation.ActorRefreshSeconds is < 60 or > 2_592_000)
        {
            yield return $"Starling:Federation:ActorRefreshSeconds must be between 60 and 2592000 (got {federation.ActorRefreshSeconds}).";
        }
        if (federation.DeliveryConcurrency is < 1 or > 64)
        {
            yield return $"Starling:Federation:DeliveryConcurrency must be between 1 and 64 (got {federation.DeliveryConcurrency}).";
        }
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TryParseNetwork(options.TrustedProxies[i], out _))
            {
                yield return $"Starling:TrustedProxies:{i} must be an IP address or a network such as 10.0.0.0/8 (got '{options.TrustedProxies[i]}').";
            }
        }
    }

    /// <summary>Reads <c>10.0.0.5</c> (one address) or <c>10.0.0.0/8</c> (a network).</summary>
    internal static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        text = text?.Trim();
        if (IPAddress.TryParse(text, out var address) && !text!.Contains('/'))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(text, out network);
    }
}
