using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Starling.Server.Api.Infrastructure;

namespace Starling.Server.Api.Streaming;

/// <summary>Something written to one client, in either transport's form.</summary>
public abstract record StreamMessage
{
    /// <summary>The WebSocket text frame, or null for what a WebSocket does not carry as a frame (heartbeats are pings there).</summary>
    public abstract string? ToWebSocketText();

    /// <summary>The text written to a server-sent-events response, or null for what that transport does not carry.</summary>
    public abstract string? ToServerSentEvent();

    protected static readonly JsonSerializerOptions WireJson = new(ApiJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

/// <summary>
/// One event, as Mastodon sends it: the stream it came through, the event name, and the payload, which is the entity's
/// JSON as a string (an id for <c>delete</c>, nothing for <c>filters_changed</c>).
/// </summary>
public sealed record StreamEvent(IReadOnlyList<string> Stream, string Event, string? Payload) : StreamMessage
{
    public const string Update = "update";
    public const string StatusUpdate = "status.update";
    public const string Delete = "delete";
    public const string Notification = "notification";
    public const string Conversation = "conversation";
    public const string FiltersChanged = "filters_changed";

    /// <summary><c>{"stream":[...],"event":"...","payload":"..."}</c>, without payload when there is none.</summary>
    public override string ToWebSocketText() => JsonSerializer.Serialize(new WebSocketMessage(Stream, Event, Payload), WireJson);

    /// <summary>
    /// <c>event: ...\ndata: ...\n\n</c>. Mastodon documents <c>data: undefined</c> for an event without payload; that is no
    /// JSON, and clients that parse every event's data (Mastodon.py) drop the stream on it, so such an event carries <c>null</c>.
    /// </summary>
    public override string ToServerSentEvent() => $"event: {Event}\ndata: {Payload ?? "null"}\n\n";

    private sealed record WebSocketMessage(
        [property: JsonPropertyName("stream")] IReadOnlyList<string> Stream,
        [property: JsonPropertyName("event")] string Event,
        [property: JsonPropertyName("payload")] string? Payload);
}

/// <summary>A refused WebSocket request (an unknown stream, a missing scope), as Mastodon words it: <c>{"error":"...","status":400}</c>.</summary>
public sealed record StreamError(string Error, int Status) : StreamMessage
{
    public override string ToWebSocketText() => JsonSerializer.Serialize(new ErrorMessage(Error, Status), WireJson);

    /// <summary>A server-sent-events stream is refused with an HTTP error before it starts, never within it.</summary>
    public override string? ToServerSentEvent() => null;

    private sealed record ErrorMessage([property: JsonPropertyName("error")] string Error, [property: JsonPropertyName("status")] int Status);
}

/// <summary>
/// Keeps an idle stream open through proxies. A server-sent-events stream gets a lone <c>:thump</c> comment line, as
/// Mastodon sends it (a blank line after it would read as an empty event to Mastodon.py); a WebSocket is pinged instead.
/// </summary>
public sealed record StreamHeartbeat : StreamMessage
{
    public static StreamHeartbeat Instance { get; } = new();

    public override string? ToWebSocketText() => null;

    public override string ToServerSentEvent() => ":thump\n";
}

/// <summary>
/// One client's open stream (a WebSocket, or a server-sent-events response): who it is, what it subscribed to, and the
/// events waiting to be written. The buffer is bounded: a client that does not read fast enough to keep it from filling
/// is disconnected, rather than have events pile up in memory for ever.
/// </summary>
public sealed class StreamingConnection : IDisposable
{
    private readonly Channel<StreamMessage> _outbox;
    private readonly ConcurrentDictionary<(StreamKind, string?), StreamChannel> _subscriptions = new();
    private readonly CancellationTokenSource _closed;

    /// <param name="token">The bearer token the connection was opened with, kept to check it again after revocations.</param>
    /// <param name="bufferEvents">How many events may wait for the client before it counts as too slow.</param>
    /// <param name="ended">Ends the connection with the request (the client went away, or the server is stopping).</param>
    public StreamingConnection(ApiCaller caller, string token, int bufferEvents, CancellationToken ended)
    {
        Caller = caller;
        AccountId = caller.RequireAccountId();
        Token = token;
        _outbox = Channel.CreateBounded<StreamMessage>(new BoundedChannelOptions(bufferEvents)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _closed = CancellationTokenSource.CreateLinkedTokenSource(ended);
    }

    public ApiCaller Caller { get; }

    public long AccountId { get; }

    public string Token { get; }

    /// <summary>Fires when the connection must end: the client went away, fell behind, or lost its token.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the server ended the connection, when it did.</summary>
    public string? CloseReason { get; private set; }

    public IEnumerable<StreamChannel> Subscriptions => _subscriptions.Values;

    /// <summary>The events to write, in order; the transport is the only reader.</summary>
    public ChannelReader<StreamMessage> Outbox => _outbox.Reader;

    /// <summary>Enough for any client (one per hashtag column); more would only make every event cost more to route.</summary>
    public const int MaxSubscriptions = 100;

    /// <summary>False when the stream was already subscribed (same kind and tag or list), as Mastodon ignores a repeat.</summary>
    public bool Subscribe(StreamChannel channel) => _subscriptions.TryAdd(channel.Key, channel);

    /// <summary>Whether the channel may be subscribed: a repeat always (it changes nothing), a new one below the limit.</summary>
    public bool MaySubscribe(StreamChannel channel) => _subscriptions.ContainsKey(channel.Key) || _subscriptions.Count < MaxSubscriptions;

    public bool Unsubscribe(StreamChannel channel) => _subscriptions.TryRemove(channel.Key, out _);

    /// <summary>Queues an event for the client; a full buffer means the client is too slow, and it is disconnected.</summary>
    public bool TryDeliver(StreamMessage message)
    {
        if (_closed.IsCancellationRequested)
        {
            return false;
        }
        if (_outbox.Writer.TryWrite(message))
        {
            return true;
        }
        FellBehind = true;
        Close("the client did not read its events fast enough");
        return false;
    }

    /// <summary>Whether the server ended the connection because the client let its buffer fill.</summary>
    public bool FellBehind { get; private set; }

    /// <summary>The server ends the connection, for the reason given.</summary>
    public void Close(string reason)
    {
        CloseReason ??= reason;
        End();
    }

    /// <summary>The connection ends without the server having a reason: the client closed it, or the server is stopping.</summary>
    public void End()
    {
        _outbox.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended and disposed by its transport.
        }
    }

    public void Dispose()
    {
        _outbox.Writer.TryComplete();
        _closed.Dispose();
    }
}
