using System.Net;
using System.Net.Sockets;

namespace Starling.Server.Infrastructure.Http;

/// <summary>
/// Which addresses another server may be at. Anything that is not a public unicast address (loopback, private,
/// carrier-grade NAT, link-local, multicast, unspecified, reserved) is refused, also when written inside an IPv6
/// address (IPv4-mapped, IPv4-compatible, NAT64, 6to4), so that a URL, a DNS answer or a redirect cannot make this
/// server reach itself or its private network.
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Network, string Kind)[] NonPublicV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.0.2.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IPNetwork.Parse("198.51.100.0/24"), "reserved"),
        (IPNetwork.Parse("203.0.113.0/24"), "reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] NonPublicV6 =
    [
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("100::/64"), "reserved"),
        (IPNetwork.Parse("2001:db8::/32"), "reserved"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "private"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    public static bool IsPublic(IPAddress address) => NonPublicKind(address) is null;

    /// <summary>What kind of non-public address this is ("loopback", "private", ...), or null for a public one.</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return NonPublicKind(address.MapToIPv4());
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(NonPublicV4, address) ?? (address.Equals(IPAddress.Broadcast) ? "reserved" : null);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "reserved";
        }
        if (Match(NonPublicV6, address) is { } kind)
        {
            return kind;
        }
        var bytes = address.GetAddressBytes();
        if (V4Compatible.Contains(address) || Nat64.Contains(address))
        {
            return NonPublicKind(new IPAddress(bytes[12..16]));
        }
        if (SixToFour.Contains(address))
        {
            return NonPublicKind(new IPAddress(bytes[2..6]));
        }
        return null;
    }

    private static string? Match((IPNetwork Network, string Kind)[] networks, IPAddress address)
    {
        foreach (var (network, kind) in networks)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }
        return null;
    }
}
