using System.Net;
using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.Http;

/// <summary>
/// Makes the handler that carries every request to other servers: real sockets through <see cref="GuardedConnector"/>,
/// no proxy from the environment (it would bypass the address checks), no automatic redirects
/// (<see cref="FederationHttpClient"/> follows them itself and checks each one). Tests that run several servers in one
/// process register a subclass returning a handler that routes requests between them; it is called once per server.
/// </summary>
public class FederationHttpHandlerFactory(IOptions<StarlingOptions> options)
{
    public virtual HttpMessageHandler CreatePrimaryHandler()
    {
        var federation = options.Value.Federation;
        var connector = new GuardedConnector(federation.AllowPrivateAddresses);
        return new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = federation.Timeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            // New connections now and then, so DNS changes are seen (each is checked again by the connector).
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
        };
    }
}
