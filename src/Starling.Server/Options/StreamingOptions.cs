using System.ComponentModel.DataAnnotations;

namespace Starling.Server.Options;

/// <summary><c>Starling:Streaming</c>: the streaming API's keep-alives and how much it holds for slow readers.</summary>
public sealed class StreamingOptions
{
    /// <summary>How often a server-sent-events stream sends a <c>:thump</c> comment, and a WebSocket a ping.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Committed changes waiting to be turned into events; beyond this they are dropped (and logged), never waited for.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Events waiting to be written to one connection; a client that lets more pile up is disconnected.</summary>
    [Range(1, 100_000)]
    public int ClientBufferEvents { get; set; } = 256;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);
}
