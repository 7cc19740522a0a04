using Microsoft.AspNetCore.HttpOverrides;
using Starling.Server.Options;

namespace Starling.Server.Hosting;

/// <summary>
/// Running behind a TLS-terminating reverse proxy: the client's address and scheme come from X-Forwarded-For and
/// X-Forwarded-Proto, but only when the request comes from a proxy named in <c>Starling:TrustedProxies</c> (by default
/// one on this machine); from anyone else those headers are ignored, or any client could claim any address. The host
/// is never taken from the request: links, ids and signature checks use <c>Starling:PublicUrl</c>.
/// </summary>
public static class ReverseProxySetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, StarlingOptions options)
    {
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (options.TrustedProxies.Count == 0)
            {
                return; // ASP.NET Core's defaults: loopback only.
            }
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in options.TrustedProxies)
            {
                // Validated at start (Starling:TrustedProxies), so every entry parses.
                if (FederationOptions.TryParseNetwork(entry, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the client's real address and scheme.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
