using System.Net;
using System.Net.Sockets;

namespace Starling.Server.Infrastructure.Http;

/// <summary>
/// Opens the TCP connections of outbound requests after resolving the host itself and dropping every address that
/// is not public. Checking at connect time, rather than when a URL is accepted, is what makes a DNS answer that
/// changes between check and use (rebinding) or a redirect to an internal name harmless.
/// </summary>
public sealed class GuardedConnector(bool allowPrivateAddresses, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await AddressesToTryAsync(endpoint.Host, cancellationToken);
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastError = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw lastError ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The addresses a connection to <paramref name="host"/> may try, in order; refuses when there are none.</summary>
    public async Task<IReadOnlyList<IPAddress>> AddressesToTryAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses = IPAddress.TryParse(literal, out var address) ? [address] : await resolve(host, cancellationToken);
        if (allowPrivateAddresses)
        {
            return addresses;
        }
        var allowed = addresses.Where(AddressRules.IsPublic).ToList();
        if (allowed.Count == 0 && addresses.Length > 0)
        {
            var kinds = string.Join(" and ", addresses.Select(a => AddressRules.NonPublicKind(a)).Distinct());
            throw new FetchRefusedException(FetchRefusal.PrivateAddress, $"Refused to connect to {host}: it is at a {kinds} address, which this server does not reach.");
        }
        return allowed;
    }
}
