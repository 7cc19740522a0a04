using Microsoft.Extensions.Time.Testing;
using Starling.Server.Federation.Security;

namespace Starling.Server.Tests.Federation.Security;

public sealed class SigningKeyCacheTests
{
    private const string KeyId = "https://remote.example/users/ann#main-key";
    private const string Pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private static Account Ann(DateTime? suspendedAt = null, int statuses = 0) => new()
    {
        Id = 42,
        Username = "ann",
        UsernameNormalized = "ann",
        Domain = "remote.example",
        Uri = "https://remote.example/users/ann",
        SuspendedAt = suspendedAt,
        StatusesCount = statuses,
    };

    private SigningKeyCache Remembering()
    {
        var cache = new SigningKeyCache(_clock);
        cache.Remember(KeyId, Ann(), Pem);
        return cache;
    }

    private static ValueTask Commit(SigningKeyCache cache, object entity, CommittedChangeKind kind) =>
        cache.OnCommittedAsync(new CommittedChanges([entity], Everything: false) { Kinds = [kind] }, CancellationToken.None);

    [Fact]
    public void A_remembered_key_is_found_until_it_is_a_minute_old()
    {
        var cache = Remembering();

        Assert.Equal(Pem, cache.Find(KeyId)?.Pem);
        _clock.Advance(SigningKeyCache.MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(42, cache.Find(KeyId)?.Account.Id);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(cache.Find(KeyId));
    }

    [Fact]
    public async Task A_counter_on_the_owner_changing_keeps_the_key()
    {
        var cache = Remembering();

        await Commit(cache, Ann(statuses: 7), CommittedChangeKind.Modified);

        Assert.NotNull(cache.Find(KeyId));
    }

    [Fact]
    public async Task Suspending_the_owner_forgets_the_key()
    {
        var cache = Remembering();

        await Commit(cache, Ann(suspendedAt: _clock.GetUtcNow().UtcDateTime), CommittedChangeKind.Modified);

        Assert.Null(cache.Find(KeyId));
    }

    [Theory]
    [InlineData(CommittedChangeKind.Deleted)]
    [InlineData(CommittedChangeKind.Bulk)]
    public async Task Deleting_the_owner_or_a_bulk_write_on_it_forgets_the_key(CommittedChangeKind kind)
    {
        var cache = Remembering();

        await Commit(cache, Ann(), kind);

        Assert.Null(cache.Find(KeyId));
    }

    [Fact]
    public async Task A_new_key_for_the_owner_forgets_the_old_one()
    {
        var cache = Remembering();

        await Commit(cache, new AccountKey { AccountId = 42, KeyId = KeyId, PublicKeyPem = "another" }, CommittedChangeKind.Modified);

        Assert.Null(cache.Find(KeyId));
    }

    [Fact]
    public async Task Changes_to_other_accounts_keep_the_key_and_a_sweeping_write_forgets_it()
    {
        var cache = Remembering();
        var other = Ann(suspendedAt: _clock.GetUtcNow().UtcDateTime);
        other.Id = 43;

        await Commit(cache, other, CommittedChangeKind.Deleted);
        Assert.NotNull(cache.Find(KeyId));

        await cache.OnCommittedAsync(new CommittedChanges([], Everything: true), CancellationToken.None);
        Assert.Null(cache.Find(KeyId));
    }
}
