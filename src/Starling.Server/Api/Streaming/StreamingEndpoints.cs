using Starling.Server.Api.Infrastructure;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// Mastodon's streaming API, served by the API itself (the instance announces its own host as <c>streaming_api</c>):
/// the WebSocket at <c>/api/v1/streaming</c>, a server-sent-events path per stream, and the health check.
/// Every stream needs a user token; the notification stream <c>read:notifications</c>, the others <c>read:statuses</c>
/// (<c>read</c> covers both), as Mastodon's streaming server checks them.
/// </summary>
public static class StreamingEndpoints
{
    public static IEndpointRouteBuilder MapStreaming(this IEndpointRouteBuilder app)
    {
        var streaming = app.MapGroup("/api/v1/streaming").WithTags("Streaming");

        streaming.MapGet("/health", () => Results.Text("OK", "text/plain"))
            .WithSummary("Whether the streaming API is up: answers OK.");

        // A socket may be opened for any stream the token can read; each subscription is checked against its own scope.
        streaming.MapGet("", WebSocketStream.HandleAsync).RequireScope("read:statuses", "read:notifications")
            .WithSummary("The multiplexed WebSocket (subscribe and unsubscribe messages, or ?stream= on connect).");

        MapEvents(streaming, "user", "read:statuses", "Home timeline updates and notifications, as server-sent events.");
        MapEvents(streaming, "user/notification", "read:notifications", "Notifications, as server-sent events.");
        MapEvents(streaming, "public", "read:statuses", "Public posts (only_media=true: with media), as server-sent events.");
        MapEvents(streaming, "public/local", "read:statuses", "Public posts of this server, as server-sent events.");
        MapEvents(streaming, "public/remote", "read:statuses", "Public posts of other servers, as server-sent events.");
        MapEvents(streaming, "hashtag", "read:statuses", "Public posts with a hashtag (tag=), as server-sent events.");
        MapEvents(streaming, "hashtag/local", "read:statuses", "Public posts of this server with a hashtag (tag=), as server-sent events.");
        MapEvents(streaming, "list", "read:statuses", "A list's posts (list=), as server-sent events.");
        MapEvents(streaming, "direct", "read:statuses", "Direct conversations, as server-sent events.");
        return app;
    }

    private static void MapEvents(RouteGroupBuilder streaming, string path, string scope, string summary)
    {
        var name = StreamChannel.NameOfPath(path) ?? throw new ArgumentException($"No stream is served at {path}.", nameof(path));
        streaming.MapGet("/" + path, (HttpContext context) => ServerSentEventsStream.HandleAsync(context, name))
            .RequireScope(scope)
            .WithSummary(summary);
    }
}
