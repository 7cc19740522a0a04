using Microsoft.Extensions.Options;
using Starling.ActivityPub.Signatures;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Security;
using Starling.Server.Options;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// Authorized fetch (Mastodon's secure mode), as an endpoint filter for the ActivityPub document endpoints: when
/// <c>Starling:Federation:AuthorizedFetch</c> is on, a GET must carry a valid HTTP signature (draft-cavage or RFC 9421,
/// against the host this server is known by) by an actor of a server that is not suspended here, else 401. The signer
/// is then available to the endpoint through <see cref="SignedFetchExtensions.SignedFetchActor"/>. It guards every
/// document (actors, statuses, collections), never WebFinger, NodeInfo, host-meta or the instance actor, which is marked
/// with <see cref="AllowUnsignedFetchMetadata"/>: servers that check our signed fetches fetch the instance actor's key
/// without signing, or they could never verify anyone.
/// </summary>
public sealed class RequireSignedFetch : IEndpointFilter
{
    internal const string SignerItem = "Starling.SignedFetchActor";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await CheckAsync(context.HttpContext) ?? await next(context);

    /// <summary>
    /// The check alone, for an endpoint that cannot take a filter (a page that answers ActivityStreams by content
    /// negotiation): null to go on, or the refusal to return.
    /// </summary>
    public static async Task<IResult?> CheckAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value;
        if (!options.Federation.AuthorizedFetch || context.GetEndpoint()?.Metadata.GetMetadata<AllowUnsignedFetchMetadata>() is not null)
        {
            return null;
        }
        // Caches between us and the fetcher must not hand one server's answer to another.
        context.Response.Headers.Append("Vary", "Signature, Signature-Input");
        var verifier = context.RequestServices.GetRequiredService<SignedRequestVerifier>();
        var request = new InboundRequest(context.Request.Method, InboxEndpoints.RawTarget(context), options.Domain,
            new InboxEndpoints.RequestHeaders(context.Request.Headers), ReadOnlyMemory<byte>.Empty) { Scheme = options.PublicUri.Scheme };
        var result = await verifier.VerifyAsync(request, context.RequestAborted);
        if (!result.Succeeded)
        {
            context.RequestServices.GetRequiredService<ILogger<RequireSignedFetch>>().LogInformation(
                "Refused an unsigned or unverifiable fetch of {Path} from {Address} (key {KeyId}): {Reason}",
                context.Request.Path, context.Connection.RemoteIpAddress, result.KeyId ?? "-", result.FailureReason);
            return Results.Json(new { error = "Request not signed, or the signature could not be verified: " + result.FailureReason },
                statusCode: StatusCodes.Status401Unauthorized);
        }
        context.Items[SignerItem] = result.Signer;
        return null;
    }
}

/// <summary>Marks a document anyone may fetch unsigned even in authorized fetch mode: the instance actor and its outbox.</summary>
public sealed class AllowUnsignedFetchMetadata
{
    public static readonly AllowUnsignedFetchMetadata Instance = new();

    private AllowUnsignedFetchMetadata()
    {
    }
}

public static class SignedFetchExtensions
{
    /// <summary>Requires a signed fetch on these endpoints when authorized fetch is on (see <see cref="RequireSignedFetch"/>).</summary>
    public static TBuilder RequireSignedFetch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequireSignedFetch());

    /// <summary>Lets anyone fetch these endpoints unsigned, even in authorized fetch mode.</summary>
    public static TBuilder AllowUnsignedFetch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllowUnsignedFetchMetadata.Instance);

    /// <summary>The remote account that signed this fetch, when authorized fetch checked one.</summary>
    public static Account? SignedFetchActor(this HttpContext context) =>
        context.Items.TryGetValue(ActivityPub.RequireSignedFetch.SignerItem, out var signer) ? signer as Account : null;
}
