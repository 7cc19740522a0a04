using System.Security.Cryptography;
using System.Text;
using Starling.Server.Federation.Security;

namespace Starling.Server.Tests.Federation.Security;

public abstract class AccountKeysTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_new_account_gets_its_own_key_pair_in_the_registration_and_keeps_it()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();

        var keys = await app.DbAsync(db => db.AccountKeys.OrderBy(k => k.KeyId).ToListAsync());
        Assert.Collection(keys,
            k => Assert.EndsWith("/users/alice#main-key", k.KeyId),
            k => Assert.EndsWith("/users/bob#main-key", k.KeyId));
        Assert.NotEqual(keys[0].PublicKeyPem, keys[1].PublicKeyPem);

        var alice = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == world.Id("alice")));
        var again = await app.UseAsync<AccountKeys, AccountKey>(k => k.ForLocalAccountAsync(alice, CancellationToken.None));
        Assert.Equal(keys.Single(k => k.AccountId == alice.Id).PublicKeyPem, again.PublicKeyPem);
        AssertPairMatches(again.PublicKeyPem, again.PrivateKeyPem!);
    }

    [Fact]
    public async Task An_account_made_before_federation_gets_a_key_on_first_use()
    {
        var app = await StartAsync();
        var world = await app.World().User("old").BuildAsync();
        await app.DbAsync(db => db.AccountKeys.ExecuteDeleteAsync());
        var account = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == world.Id("old")));

        var first = await app.UseAsync<AccountKeys, AccountKey>(k => k.ForLocalAccountAsync(account, CancellationToken.None));
        var second = await app.UseAsync<AccountKeys, AccountKey>(k => k.ForLocalAccountAsync(account, CancellationToken.None));

        Assert.Equal(first.PublicKeyPem, second.PublicKeyPem);
        Assert.Equal(1, await app.DbAsync(db => db.AccountKeys.CountAsync()));
        AssertPairMatches(first.PublicKeyPem, first.PrivateKeyPem!);
    }

    [Fact]
    public async Task The_instance_actor_key_is_made_once()
    {
        var app = await StartAsync();

        var first = await app.UseAsync<AccountKeys, ServerKey>(k => k.ForInstanceActorAsync(CancellationToken.None));
        var second = await app.UseAsync<AccountKeys, ServerKey>(k => k.ForInstanceActorAsync(CancellationToken.None));

        Assert.Equal(first.PrivateKeyPem, second.PrivateKeyPem);
        Assert.Equal(1, await app.DbAsync(db => db.ServerKeys.CountAsync()));
        AssertPairMatches(first.PublicKeyPem, first.PrivateKeyPem);
    }

    private static void AssertPairMatches(string publicPem, string privatePem)
    {
        using var signer = RSA.Create();
        signer.ImportFromPem(privatePem);
        using var verifier = RSA.Create();
        verifier.ImportFromPem(publicPem);
        var data = Encoding.UTF8.GetBytes("hello");
        var signature = signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(2048, verifier.KeySize);
    }

    public sealed class Sqlite() : AccountKeysTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AccountKeysTests(TestDatabase.Postgres);
}
