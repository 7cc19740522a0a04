namespace Starling.ActivityPub.Signatures;

/// <summary>
/// The parts of a request that signatures cover, the same way whether we are signing a request we send or checking
/// one we received, so both sides build the same signing string from the same rules.
/// </summary>
internal interface ISignedMessage
{
    string Method { get; }

    /// <summary>Lowercase scheme, such as <c>https</c>.</summary>
    string Scheme { get; }

    /// <summary>Lowercase host, with <c>:port</c> when the port is not the scheme's default.</summary>
    string Authority { get; }

    /// <summary>The request target as sent, percent-encoding kept: <c>/path?query</c>.</summary>
    string PathAndQuery { get; }

    /// <summary>Every value of a field (one per line it was sent on); the <c>host</c> field is the authority.</summary>
    IReadOnlyList<string> GetFieldValues(string lowercaseName);
}

internal static class SignedMessageExtensions
{
    public static string Path(this ISignedMessage message)
    {
        var query = message.PathAndQuery.IndexOf('?');
        var path = query < 0 ? message.PathAndQuery : message.PathAndQuery[..query];
        return path.Length == 0 ? "/" : path;
    }

    /// <summary>The query without its <c>?</c>, or null when the target has none.</summary>
    public static string? Query(this ISignedMessage message)
    {
        var query = message.PathAndQuery.IndexOf('?');
        return query < 0 ? null : message.PathAndQuery[(query + 1)..];
    }

    public static string TargetUri(this ISignedMessage message) => $"{message.Scheme}://{message.Authority}{message.PathAndQuery}";
}

/// <summary>A request this server received, with its public authority standing in for the Host header.</summary>
internal sealed class InboundMessage(InboundRequest request) : ISignedMessage
{
    public string Method => request.Method;

    public string Scheme => request.Scheme.ToLowerInvariant();

    public string Authority => request.Authority.ToLowerInvariant();

    public string PathAndQuery => request.PathAndQuery.Length == 0 ? "/" : request.PathAndQuery;

    public IReadOnlyList<string> GetFieldValues(string lowercaseName) =>
        lowercaseName == "host" ? [Authority] : request.Headers.GetValues(lowercaseName);
}

/// <summary>A request we are about to send.</summary>
internal sealed class OutboundMessage : ISignedMessage
{
    private readonly HttpRequestMessage request;

    public OutboundMessage(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("A request is signed with its absolute URI set.", nameof(request));
        }
        this.request = request;
        Scheme = uri.Scheme.ToLowerInvariant();
        var host = (uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host).ToLowerInvariant();
        Authority = uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
        PathAndQuery = uri.PathAndQuery;
    }

    public string Method => request.Method.Method;

    public string Scheme { get; }

    public string Authority { get; }

    public string PathAndQuery { get; }

    public IReadOnlyList<string> GetFieldValues(string lowercaseName)
    {
        if (lowercaseName == "host")
        {
            return [Authority];
        }
        if (lowercaseName == "content-length" && request.Content?.Headers.ContentLength is { } length)
        {
            return [length.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
        if (request.Headers.NonValidated.TryGetValues(lowercaseName, out var values)
            || (request.Content is not null && request.Content.Headers.NonValidated.TryGetValues(lowercaseName, out values)))
        {
            return values.ToList();
        }
        return [];
    }
}
