using Starling.ActivityPub.Signatures;
using Starling.Server.Federation.Security;

namespace Starling.Testing;

/// <summary>
/// Real RSA keys, made once per test process and handed out in turn: a test run creates thousands of accounts, and
/// making a fresh 2048-bit key for each would cost minutes of CPU. Within one instance the first
/// <see cref="PoolSize"/> accounts get different keys, which is what signature tests need; a test that needs a key
/// nobody else has makes one itself.
/// </summary>
public sealed class TestAccountKeys : AccountKeyGenerator
{
    public const int PoolSize = 12;

    private static readonly Lazy<RsaKeyPair[]> Pool = new(() => [.. Enumerable.Range(0, PoolSize).AsParallel().Select(_ => RsaKeyPair.Generate())]);

    private int _next = -1;

    public override RsaKeyPair Generate() => Pool.Value[(int)((uint)Interlocked.Increment(ref _next) % PoolSize)];
}
