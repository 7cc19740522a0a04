namespace Starling.ActivityPub.Signatures;

/// <summary>
/// What signature verification needs to know about a request this server received.
/// </summary>
/// <param name="Method">The HTTP method, such as <c>POST</c>.</param>
/// <param name="PathAndQuery">The request target exactly as received (still percent-encoded), such as <c>/users/alice/inbox</c>.</param>
/// <param name="Authority">
/// The host this server is known by, from its configuration (with <c>:port</c> when not the scheme's default), such as
/// <c>social.example</c>. Signatures are checked against this rather than the Host header the request arrived with:
/// behind a reverse proxy that header can name an internal address, and a signature made for another server must not
/// be accepted here because a proxy forwarded it.
/// </param>
/// <param name="Headers">The request's header fields.</param>
/// <param name="Body">The request body (empty for GET).</param>
public sealed record InboundRequest(string Method, string PathAndQuery, string Authority, IHeaderLookup Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>The scheme the server is known by, for RFC 9421's <c>@target-uri</c> and <c>@scheme</c>.</summary>
    public string Scheme { get; init; } = "https";
}
