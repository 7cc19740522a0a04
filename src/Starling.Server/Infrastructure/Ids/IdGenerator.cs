namespace Starling.Server.Infrastructure.Ids;

/// <summary>
/// Time-ordered 64-bit ids in Mastodon's layout: milliseconds since the Unix epoch in the high 48 bits,
/// a counter in the low 16. Sorting by id sorts by creation time, which keyset pagination relies on.
/// </summary>
public sealed class IdGenerator(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _lastMillis;
    private long _sequence;
    // Random start per process, so two app nodes minting ids in the same millisecond rarely collide.
    private readonly long _sequenceSeed = Random.Shared.Next(0, 1 << 15);

    public long Next()
    {
        var millis = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            if (millis <= _lastMillis)
            {
                millis = _lastMillis;
                _sequence++;
                if (_sequence > 0xFFFF)
                {
                    // The counter ran out within one millisecond: borrow the next millisecond.
                    millis++;
                    _sequence = 0;
                }
            }
            else
            {
                _sequence = _sequenceSeed;
            }
            _lastMillis = millis;
            return (millis << 16) | (_sequence & 0xFFFF);
        }
    }

    /// <summary>The smallest id that could have been minted at or after the given instant (for time-based keyset bounds).</summary>
    public static long LowerBoundFor(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() << 16;

    public static DateTimeOffset TimeOf(long id) => DateTimeOffset.FromUnixTimeMilliseconds(id >> 16);
}
