using Microsoft.Extensions.Options;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Timelines;
using Starling.Server.Options;

namespace Starling.Server.Api.Streaming;

/// <summary>What both transports check before a stream opens or a subscription is taken, with Mastodon's words for a refusal.</summary>
public static class StreamRequest
{
    public const string ListNotFound = "Not authorized to stream this list";

    /// <summary>Null when the caller may subscribe to the channel; otherwise the refusal, with its HTTP status.</summary>
    public static async Task<StreamError?> RefusalAsync(StreamChannel channel, ApiCaller caller, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        if (!channel.AllowedFor(caller))
        {
            return new StreamError(ApiErrors.OutsideScopes, StatusCodes.Status403Forbidden);
        }
        if (channel.Kind == StreamKind.List)
        {
            // Lists are private: another account's list, or none, is refused alike.
            await using var scope = scopes.CreateAsyncScope();
            var owns = channel.ListId is { } listId
                && await scope.ServiceProvider.GetRequiredService<LiveTimelines>().OwnsListAsync(caller.RequireAccountId(), listId, cancellationToken);
            if (!owns)
            {
                return new StreamError(ListNotFound, StatusCodes.Status404NotFound);
            }
        }
        return null;
    }

    /// <summary>Reads a stream from a request's query (<c>stream</c>, <c>tag</c>, <c>list</c>, <c>only_media</c>).</summary>
    public static bool TryParse(IQueryCollection query, string? name, out StreamChannel channel, out string error) =>
        StreamChannel.TryParse(name, query["tag"].FirstOrDefault(), query["list"].FirstOrDefault(),
            ApiParameters.ParseBool(query["only_media"].FirstOrDefault() ?? "") == true, out channel, out error);

    /// <summary>A connection for the caller, ended by the request's end or the server stopping, whichever comes first.</summary>
    public static StreamingConnection Open(HttpContext context, ApiCaller caller, CancellationToken ended)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value.Streaming;
        return new StreamingConnection(caller, ApiAuthentication.ExtractToken(context.Request)!, options.ClientBufferEvents, ended);
    }

    public static CancellationTokenSource EndOf(HttpContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);

    /// <summary>Refuses a stream before it starts, in the API's error shape.</summary>
    public static Task RefuseAsync(HttpContext context, StreamError refusal) =>
        ApiErrors.WriteAsync(context, refusal.Status, refusal.Error);
}
