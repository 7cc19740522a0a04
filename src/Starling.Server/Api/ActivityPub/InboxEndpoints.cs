using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Starling.ActivityPub.Signatures;
using Starling.Server.Federation.Inbox;
using Starling.Server.Options;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// <c>POST /users/{name}/inbox</c> and the shared <c>POST /inbox</c>: the body is read raw (what the signature's digest
/// covers), at most <c>Starling:Federation:MaxInboxBytes</c> of it (else 413), and handed to <see cref="InboxReceiver"/>.
/// Accepted activities get 202 with no body; refusals get their status with <c>{"error": reason}</c>, as Mastodon
/// answers, so a peer's admin can see why.
/// </summary>
public static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        app.MapPost("/inbox", (HttpContext context, InboxReceiver receiver, IOptions<StarlingOptions> options) =>
                ReceiveAsync(context, null, receiver, options.Value))
            .ExcludeFromDescription();
        app.MapPost("/users/{username}/inbox", (string username, HttpContext context, InboxReceiver receiver, IOptions<StarlingOptions> options) =>
                ReceiveAsync(context, username, receiver, options.Value))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, string? username, InboxReceiver receiver, StarlingOptions options)
    {
        var limit = options.Federation.MaxInboxBytes;
        var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            context.RequestServices.GetRequiredService<ILogger<InboxReceiver>>()
                .LogInformation("Inbox {Inbox} refused a delivery from {Address}: the body is larger than {Limit} bytes",
                    username ?? "(shared)", context.Connection.RemoteIpAddress, limit);
            return Error(StatusCodes.Status413PayloadTooLarge, $"the activity is larger than {limit} bytes");
        }
        var request = new InboxRequest(RawTarget(context), new RequestHeaders(context.Request.Headers), body, username,
            context.Connection.RemoteIpAddress?.ToString());
        var outcome = await receiver.ReceiveAsync(request, context.RequestAborted);
        return outcome.IsAccepted ? Results.StatusCode(StatusCodes.Status202Accepted) : Error(outcome.Status, outcome.Reason ?? "refused");
    }

    /// <summary>The body, or null when it is longer than the limit (told by Content-Length, or found while reading).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The request target as it arrived, still percent-encoded: what the sender signed.</summary>
    internal static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw) || raw[0] != '/'
            ? context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent()
            : raw;
    }

    private static IResult Error(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);

    /// <summary>ASP.NET Core's headers as the signature verifier reads them.</summary>
    internal sealed class RequestHeaders(IHeaderDictionary headers) : IHeaderLookup
    {
        public IReadOnlyList<string> GetValues(string name) =>
            headers.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToList() : [];
    }
}
