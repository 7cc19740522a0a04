namespace Starling.Server.Federation.Mapping;

/// <summary>
/// Which server an address belongs to. A server is believed only about its own objects, so most checks on what
/// arrives compare the host of an object's id with the host of the actor that sent it.
/// </summary>
public static class Hosts
{
    public static string? Of(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && !string.IsNullOrEmpty(parsed.Host) ? parsed.Host.ToLowerInvariant() : null;

    /// <summary>Both are absolute addresses on the same host.</summary>
    public static bool Same(string? uri, string? other) => Of(uri) is { } host && host == Of(other);
}
