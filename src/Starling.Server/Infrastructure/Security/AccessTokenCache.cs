using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Starling.Server.Infrastructure.Security;

/// <summary>
/// Remembers recently validated bearer tokens for a short while, so a busy client does not cost a database lookup and a
/// decryption per request. Keys are SHA-256 hashes, never the tokens. Anything that revokes a token calls
/// <see cref="Invalidate"/>; other nodes forget it when the entry expires.
/// </summary>
public sealed class AccessTokenCache(TimeProvider time, TimeSpan lifetime)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);

    public bool Enabled => lifetime > TimeSpan.Zero;

    public static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool TryGet(string key, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > time.GetUtcNow())
            {
                principal = entry.Principal;
                return true;
            }
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
        principal = null!;
        return false;
    }

    public void Add(string key, ClaimsPrincipal principal)
    {
        if (!Enabled)
        {
            return;
        }
        if (_entries.Count >= MaxEntries)
        {
            // A flood of distinct tokens: start over rather than grow without bound.
            _entries.Clear();
        }
        _entries[key] = new Entry(principal, time.GetUtcNow() + lifetime);
    }

    /// <summary>Raised after <see cref="Invalidate"/>: whoever holds a token longer than a request (open streams) checks it again.</summary>
    public event Action? Invalidated;

    /// <summary>Forgets every remembered token; revocations are rare, so precision is not worth the bookkeeping.</summary>
    public void Invalidate()
    {
        _entries.Clear();
        Invalidated?.Invoke();
    }
}
