using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// The server-sent-events transport (<c>GET /api/v1/streaming/user</c> and the rest): one stream per request, events as
/// <c>event: update\ndata: ...\n\n</c>, and a <c>:thump</c> comment line every <c>Starling:Streaming:HeartbeatSeconds</c>.
/// The subscription is in place before the response starts, so a client that has the headers misses nothing after them.
/// </summary>
public static class ServerSentEventsStream
{
    public static async Task HandleAsync(HttpContext context, string streamName)
    {
        var caller = context.RequiredCaller();
        if (!StreamRequest.TryParse(context.Request.Query, streamName, out var channel, out var error))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        if (await StreamRequest.RefusalAsync(channel, caller, scopes, context.RequestAborted) is { } refusal)
        {
            await StreamRequest.RefuseAsync(context, refusal);
            return;
        }

        var hub = context.RequestServices.GetRequiredService<StreamingHub>();
        var options = context.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value.Streaming;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        using var ended = StreamRequest.EndOf(context);
        using var connection = StreamRequest.Open(context, caller, ended.Token);
        connection.Subscribe(channel);

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // Reverse proxies (nginx) hold back a response they buffer; this one must flow as it is written.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        hub.Add(connection);
        using var heartbeat = time.CreateTimer(_ => connection.TryDeliver(StreamHeartbeat.Instance), null, options.Heartbeat, options.Heartbeat);
        try
        {
            await WriteAsync(response, ":)\n", connection.Closed);
            await foreach (var message in connection.Outbox.ReadAllAsync(connection.Closed))
            {
                if (message.ToServerSentEvent() is { } text)
                {
                    await WriteAsync(response, text, connection.Closed);
                }
            }
        }
        catch (OperationCanceledException) when (connection.Closed.IsCancellationRequested)
        {
            // The client left, fell behind, lost its token, or the server is stopping.
        }
        catch (IOException)
        {
            // The client went away mid-write.
        }
        finally
        {
            hub.Remove(connection);
        }
        if (connection.CloseReason is not null && !context.RequestAborted.IsCancellationRequested)
        {
            // A cut-off write leaves the response in no state to end cleanly: drop the connection.
            context.Abort();
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
