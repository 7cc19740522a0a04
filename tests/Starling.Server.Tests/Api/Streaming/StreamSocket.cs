using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Streaming;

/// <summary>
/// A client of the streaming WebSocket over the test server. Receiving waits for the next message; the bound only stops a
/// test that would otherwise wait for ever, it is not a timing the test depends on.
/// </summary>
public sealed class StreamSocket(WebSocket socket) : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public WebSocket Socket { get; } = socket;

    public enum TokenIn
    {
        AuthorizationHeader,
        Subprotocol,
        Query,
    }

    public static async Task<StreamSocket> ConnectAsync(TestInstance app, string? token, string query = "", TokenIn tokenIn = TokenIn.AuthorizationHeader)
    {
        var client = app.Server.CreateWebSocketClient();
        if (token is not null)
        {
            switch (tokenIn)
            {
                case TokenIn.AuthorizationHeader:
                    client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
                    break;
                case TokenIn.Subprotocol:
                    client.SubProtocols.Add(token);
                    break;
                case TokenIn.Query:
                    query += (query.Contains('?') ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token);
                    break;
            }
        }
        using var bound = new CancellationTokenSource(Bound);
        var socket = await client.ConnectAsync(new Uri("ws://localhost/api/v1/streaming" + query), bound.Token);
        return new StreamSocket(socket);
    }

    /// <summary>The HTTP status the server refused the handshake with.</summary>
    public static async Task<string> RefusalAsync(TestInstance app, string? token, string query = "")
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(app, token, query));
        return refused.Message;
    }

    public async Task SendAsync(object message)
    {
        using var bound = new CancellationTokenSource(Bound);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, bound.Token);
    }

    /// <summary>
    /// Subscribes, and returns once the server has taken the subscription: the server answers nothing to a subscription,
    /// but handles messages in order, so the error for an unknown stream sent right after it marks the point.
    /// </summary>
    public async Task SubscribeAsync(object subscription)
    {
        await SendAsync(subscription);
        await SendAsync(new { type = "subscribe", stream = "no-such-stream" });
        var reply = await ReceiveAsync();
        Assert.Equal("Unknown stream type", reply.GetProperty("error").GetString());
    }

    /// <summary>The next text message, parsed; fails when the server closes the socket instead.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var (type, text) = await ReceiveRawAsync();
        Assert.True(type == WebSocketMessageType.Text, $"Expected a message, the server sent {type} ({Socket.CloseStatus}: {Socket.CloseStatusDescription})");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Messages up to and including the first event that matches; none is lost or skipped.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(Func<JsonElement, bool> last)
    {
        var messages = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveAsync();
            messages.Add(message);
            if (last(message))
            {
                return messages;
            }
        }
    }

    /// <summary>Waits for the server to close the socket (skipping any events before), and returns how it closed it.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ClosedAsync()
    {
        while (true)
        {
            var (type, _) = await ReceiveRawAsync();
            if (type == WebSocketMessageType.Close)
            {
                return (Socket.CloseStatus, Socket.CloseStatusDescription);
            }
        }
    }

    private async Task<(WebSocketMessageType Type, string Text)> ReceiveRawAsync()
    {
        using var bound = new CancellationTokenSource(Bound);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer, bound.Token);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, Encoding.UTF8.GetString(text.ToArray()));
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var bound = new CancellationTokenSource(Bound);
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", bound.Token);
            }
            catch (Exception problem) when (problem is WebSocketException or OperationCanceledException or IOException)
            {
                // The server went first.
            }
        }
        Socket.Dispose();
    }
}

/// <summary>Reading what a stream event carries.</summary>
public static class StreamMessages
{
    public static string Event(this JsonElement message) => message.GetProperty("event").GetString()!;

    public static string[] Stream(this JsonElement message) => message.GetProperty("stream").EnumerateArray().Select(s => s.GetString()!).ToArray();

    /// <summary>The payload, which is a string holding JSON (an entity), parsed.</summary>
    public static JsonElement Payload(this JsonElement message)
    {
        var payload = message.GetProperty("payload");
        Assert.Equal(JsonValueKind.String, payload.ValueKind);
        return JsonDocument.Parse(payload.GetString()!).RootElement.Clone();
    }

    public static bool IsUpdateOf(this JsonElement message, long statusId) =>
        message.TryGetProperty("event", out var name) && name.GetString() == "update" && message.Payload().GetProperty("id").GetString() == statusId.ToString();
}
