using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// The multiplexed WebSocket at <c>/api/v1/streaming</c>: a user token (Authorization header, <c>access_token</c> query, or
/// the <c>Sec-WebSocket-Protocol</c> header, which is then echoed as the chosen subprotocol, as browsers require), an
/// optional first stream in the query (<c>?stream=user</c>), and <c>{"type":"subscribe","stream":...}</c> /
/// <c>unsubscribe</c> messages. Events go out as text frames <c>{"stream":[...],"event":"...","payload":"..."}</c>;
/// refused messages get <c>{"error":"...","status":...}</c>. The socket is pinged every heartbeat, and a peer that stops
/// answering, or stops reading, is cut off.
/// </summary>
public static class WebSocketStream
{
    /// <summary>Subscription messages are small; anything larger is not one.</summary>
    private const int MaxMessageBytes = 16 * 1024;

    public const string TooManySubscriptions = "Too many subscriptions on one connection";

    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            // As Mastodon answers a plain request here when streaming is served on the API's own host.
            await ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, ApiErrors.RecordNotFound);
            return;
        }
        var caller = context.RequiredCaller();
        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        StreamChannel? first = null;
        if (context.Request.Query["stream"].FirstOrDefault() is { } name)
        {
            if (!StreamRequest.TryParse(context.Request.Query, name, out var channel, out var error))
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, error);
                return;
            }
            if (await StreamRequest.RefusalAsync(channel, caller, scopes, context.RequestAborted) is { } refusal)
            {
                await StreamRequest.RefuseAsync(context, refusal);
                return;
            }
            first = channel;
        }

        var hub = context.RequestServices.GetRequiredService<StreamingHub>();
        var options = context.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value.Streaming;
        var logger = context.RequestServices.GetRequiredService<ILogger<StreamingHub>>();
        using var ended = StreamRequest.EndOf(context);
        using var connection = StreamRequest.Open(context, caller, ended.Token);
        if (first is not null)
        {
            connection.Subscribe(first);
        }
        // Listening before the handshake completes: a client that sees the socket open misses nothing after it.
        hub.Add(connection);
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(),
                KeepAliveInterval = options.Heartbeat,
                KeepAliveTimeout = options.Heartbeat * 2,
            });
            var sending = SendAsync(socket, connection);
            var receiving = ReceiveAsync(socket, connection, scopes, logger, context.RequestAborted);
            await Task.WhenAny(sending, receiving);
            connection.End();
            await EndAsync(socket, connection, sending, receiving, ended.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested,
                context.RequestAborted);
        }
        finally
        {
            hub.Remove(connection);
        }
    }

    private static async Task SendAsync(WebSocket socket, StreamingConnection connection)
    {
        try
        {
            await foreach (var message in connection.Outbox.ReadAllAsync(connection.Closed))
            {
                if (message.ToWebSocketText() is { } text)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, connection.Closed);
                }
            }
        }
        catch (Exception problem) when (problem is OperationCanceledException or WebSocketException or IOException)
        {
            // Closed, cut off, or gone: the handler ends the socket.
        }
    }

    /// <summary>
    /// Reads subscription messages until the client closes. It is not cancelled from this side (cancelling a receive aborts
    /// the socket): when the server ends the stream it sends a close, and the client's answer ends this loop.
    /// </summary>
    private static async Task ReceiveAsync(WebSocket socket, StreamingConnection connection, IServiceScopeFactory scopes, ILogger logger,
        CancellationToken requestAborted)
    {
        var buffer = new byte[MaxMessageBytes];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == buffer.Length)
                    {
                        connection.Close("it sent a message too large to be a subscription");
                        return;
                    }
                    received = await socket.ReceiveAsync(buffer.AsMemory(length), requestAborted);
                    length += received.Count;
                }
                while (!received.EndOfMessage);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    connection.Close("it sent a binary message");
                    return;
                }
                await HandleAsync(connection, buffer.AsMemory(0, length), scopes, logger, requestAborted);
            }
        }
        catch (Exception problem) when (problem is OperationCanceledException or WebSocketException or IOException)
        {
            // Cut off, or gone: the handler ends the socket.
        }
    }

    /// <summary>One client message: subscribe or unsubscribe; anything else is ignored, as Mastodon ignores it.</summary>
    private static async Task HandleAsync(StreamingConnection connection, ReadOnlyMemory<byte> message, IServiceScopeFactory scopes, ILogger logger,
        CancellationToken cancellationToken)
    {
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(message).RootElement;
        }
        catch (JsonException)
        {
            logger.LogDebug("Ignored a streaming message that is not JSON from account {AccountId}", connection.AccountId);
            return;
        }
        var type = json.ValueKind == JsonValueKind.Object ? Text(json, "type") : null;
        if (type is not ("subscribe" or "unsubscribe"))
        {
            return;
        }
        if (!StreamChannel.TryParse(Text(json, "stream"), Text(json, "tag"), Text(json, "list"), onlyMedia: false, out var channel, out var error))
        {
            connection.TryDeliver(new StreamError(error, StatusCodes.Status400BadRequest));
            return;
        }
        if (type == "unsubscribe")
        {
            connection.Unsubscribe(channel);
            return;
        }
        if (await StreamRequest.RefusalAsync(channel, connection.Caller, scopes, cancellationToken) is { } refusal)
        {
            connection.TryDeliver(refusal);
            return;
        }
        if (!connection.MaySubscribe(channel))
        {
            connection.TryDeliver(new StreamError(TooManySubscriptions, StatusCodes.Status422UnprocessableEntity));
            return;
        }
        connection.Subscribe(channel);
    }

    /// <summary>A string field, or the first of an array of them (Mastodon reads <c>"stream": ["user"]</c> too).</summary>
    private static string? Text(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
            _ => null,
        };

    /// <summary>
    /// Says goodbye when it can: a normal close when the client ended the stream, "going away" when the server stops, a
    /// policy close with the reason when the server cut the client off. A client that stopped reading is aborted, and one
    /// that does not answer the close in a few seconds too.
    /// </summary>
    private static async Task EndAsync(WebSocket socket, StreamingConnection connection, Task sending, Task receiving, bool stopping,
        CancellationToken requestAborted)
    {
        if (connection.FellBehind || requestAborted.IsCancellationRequested || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            socket.Abort();
        }
        else
        {
            var (status, reason) = connection.CloseReason is { } why
                ? (WebSocketCloseStatus.PolicyViolation, Truncate($"Closed: {why}"))
                : stopping ? (WebSocketCloseStatus.EndpointUnavailable, "The server is stopping") : (WebSocketCloseStatus.NormalClosure, "");
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
            grace.CancelAfter(CloseGrace);
            try
            {
                await socket.CloseOutputAsync(status, reason, grace.Token);
                await receiving.WaitAsync(grace.Token);
            }
            catch (Exception problem) when (problem is OperationCanceledException or WebSocketException or IOException)
            {
                socket.Abort();
            }
        }
        await Task.WhenAll(sending, receiving);
    }

    /// <summary>How long a client has to answer the server's close before the socket is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>A close reason must fit in 123 bytes.</summary>
    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];
}
