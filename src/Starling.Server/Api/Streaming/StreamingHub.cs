using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Starling.Server.Infrastructure.Security;
using Starling.Server.Options;

namespace Starling.Server.Api.Streaming;

/// <summary>Something committed that may become stream events; the dispatcher works out for whom.</summary>
public abstract record StreamingChange;

/// <summary>A status or boost was created.</summary>
public sealed record StatusPosted(long StatusId) : StreamingChange;

/// <summary>A status's text changed (a new version entered its history).</summary>
public sealed record StatusRevised(long StatusId) : StreamingChange;

/// <summary>A status is gone; what is kept is what deciding its audience needs, since the row cannot be read any more.</summary>
/// <param name="IsLocal">Null when the author was not loaded with the row: then both local and remote streams are told.</param>
public sealed record StatusRemoved(long StatusId, long AuthorId, bool WasPublic, bool? IsLocal) : StreamingChange;

/// <summary>A status entered a reader's home timeline.</summary>
public sealed record HomeFeedGrew(long ReaderId, long StatusId) : StreamingChange;

public sealed record NotificationCreated(long NotificationId, long RecipientId) : StreamingChange;

/// <summary>A direct message was filed into one participant's conversation.</summary>
public sealed record ConversationGrew(long ConversationId) : StreamingChange;

/// <summary>The account's keyword filters changed; its clients should fetch them again. Filter rows map to it once filters exist.</summary>
public sealed record FiltersChanged(long AccountId) : StreamingChange;

/// <summary>Some tokens were revoked: every open stream's token is checked again.</summary>
public sealed record TokensRevoked : StreamingChange;

/// <summary>
/// The streaming API's switchboard on this node: the open connections, and the queue of committed changes waiting for
/// <see cref="StreamingDispatcher"/>. Changes are offered without waiting; when the queue is full they are dropped and
/// logged, so a burst of writes is never slowed by streaming. Events reach only the clients connected to this node:
/// with several app nodes, a client misses what was written through the others (see docs/api.md).
/// </summary>
public sealed class StreamingHub : IDisposable
{
    private readonly ConcurrentDictionary<StreamingConnection, byte> _connections = new();
    private readonly Channel<StreamingChange> _changes;
    private readonly ILogger<StreamingHub> _logger;
    private readonly AccessTokenCache _tokens;
    private long _dropped;
    private int _revalidationQueued;

    public StreamingHub(IOptions<StarlingOptions> options, AccessTokenCache tokens, ILogger<StreamingHub> logger)
    {
        _logger = logger;
        _tokens = tokens;
        _changes = Channel.CreateBounded<StreamingChange>(new BoundedChannelOptions(options.Value.Streaming.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Every revocation clears the token cache; an open stream must then show that its token still holds.
        _tokens.Invalidated += OnTokensInvalidated;
    }

    /// <summary>Whether anyone is listening at all: with no connection, commits cost streaming nothing.</summary>
    public bool HasConnections => !_connections.IsEmpty;

    public ICollection<StreamingConnection> Connections => _connections.Keys;

    /// <summary>How many changes were dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<StreamingChange> Changes => _changes.Reader;

    public void Add(StreamingConnection connection) => _connections.TryAdd(connection, 0);

    public void Remove(StreamingConnection connection) => _connections.TryRemove(connection, out _);

    public IEnumerable<StreamingConnection> ConnectionsOf(long accountId) => _connections.Keys.Where(c => c.AccountId == accountId);

    /// <summary>Offers a change to the dispatcher without waiting; drops it (and says so in the log) when the queue is full.</summary>
    public void Publish(StreamingChange change) => TryPublish(change);

    private bool TryPublish(StreamingChange change)
    {
        if (_changes.Writer.TryWrite(change))
        {
            return true;
        }
        var dropped = Interlocked.Increment(ref _dropped);
        _logger.LogWarning("Streaming queue full: dropped {Change} ({Dropped} dropped since start); clients miss its events", change, dropped);
        return false;
    }

    /// <summary>
    /// One check of every open stream's token is queued at a time, however many revocations arrive meanwhile (a refused
    /// grant also clears the token cache, and those can come in floods): the queued check sees them all.
    /// </summary>
    private void OnTokensInvalidated()
    {
        if (HasConnections && Interlocked.Exchange(ref _revalidationQueued, 1) == 0 && !TryPublish(new TokensRevoked()))
        {
            Interlocked.Exchange(ref _revalidationQueued, 0);
        }
    }

    /// <summary>The queued token check has started: a revocation from now on needs a check of its own.</summary>
    public void RevalidationStarted() => Interlocked.Exchange(ref _revalidationQueued, 0);

    public void Dispose()
    {
        _tokens.Invalidated -= OnTokensInvalidated;
        _changes.Writer.TryComplete();
        foreach (var connection in _connections.Keys)
        {
            connection.Close("the server is stopping");
        }
    }
}
