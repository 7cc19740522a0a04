using Microsoft.Extensions.Time.Testing;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Security;

namespace Starling.Server.Tests.Federation.Dereferencing;

/// <summary>Remote accounts found by handle (WebFinger) and by id, fetched signed, stored, kept fresh, and refused when unsafe.</summary>
public abstract class RemoteAccountResolverTests(TestDatabase database) : IntegrationTest(database)
{
    private async Task<(FederationNetwork Network, TestInstance App, InboxSink Remote)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var network = new FederationNetwork(Database);
        var app = await network.StartAsync("local.test", new TestInstanceOptions { FakeTime = true, Settings = settings ?? [] });
        return (network, app, network.AddSink("remote.test"));
    }

    private static Task<Account?> ResolveHandleAsync(TestInstance app, string username, string domain) =>
        app.UseAsync<IRemoteAccountResolver, Account?>(r => r.ResolveHandleAsync(username, domain, CancellationToken.None));

    private static Task<Account?> ResolveAsync(TestInstance app, string uri) =>
        app.UseAsync<IRemoteAccountResolver, Account?>(r => r.ResolveAsync(uri, CancellationToken.None));

    [Fact]
    public async Task A_handle_is_found_by_webfinger_and_the_actor_stored_with_its_key()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var alice = new RemoteActor(remote, "alice");
        alice.Document.Name = "Alice A.";
        alice.Document.Summary = "<p>Hi <script>alert(1)</script></p>";
        alice.Document.ManuallyApprovesFollowers = true;
        alice.Publish();

        var account = await ResolveHandleAsync(app, "alice", "remote.test");

        Assert.NotNull(account);
        Assert.Equal(("alice", "remote.test", alice.Id, "Alice A."), (account.Username, account.Domain, account.Uri, account.DisplayName));
        Assert.True(account.Locked);
        Assert.Equal("<p>Hi </p>", account.NoteHtml);
        Assert.Equal((alice.Document.Inbox, remote.Inbox), (account.InboxUrl, account.SharedInboxUrl));
        var stored = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Domain == "remote.test"));
        Assert.Equal(account.Id, stored.Id);
        var key = await app.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == account.Id));
        Assert.Equal((alice.KeyId, alice.Key.PublicKeyPem, null), (key.KeyId, key.PublicKeyPem, key.PrivateKeyPem));
        Assert.Single(remote.FetchesOf(remote.WebFingerUrl("alice")));
    }

    [Fact]
    public async Task Fetches_are_signed_by_the_instance_actor()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var alice = new RemoteActor(remote, "alice").Publish();

        await ResolveAsync(app, alice.Id);

        var fetch = Assert.Single(remote.FetchesOf(alice.Id));
        Assert.Contains("application/activity+json", fetch.Headers["Accept"]);
        var headers = new HeaderCollection(fetch.Headers);
        var instanceKey = await app.UseAsync<AccountKeys, ServerKey>(k => k.ForInstanceActorAsync(CancellationToken.None));
        var verifier = new HttpSignatureVerifier(app.Clock!);
        var parsed = verifier.Parse(new InboundRequest("GET", fetch.Url.PathAndQuery, fetch.Url.Authority, headers, ReadOnlyMemory<byte>.Empty));
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        Assert.Equal("https://local.test/actor#main-key", parsed.Signature.KeyId);
        Assert.True(verifier.Verify(parsed.Signature, instanceKey.PublicKeyPem).Succeeded);
    }

    [Fact]
    public async Task A_known_account_is_used_for_a_day_then_fetched_again_and_kept_when_its_server_is_down()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var alice = new RemoteActor(remote, "alice").Publish();
        var first = await ResolveAsync(app, alice.Id);

        alice.Document.Name = "Alice Renamed";
        alice.Publish();
        var cached = await ResolveHandleAsync(app, "alice", "remote.test");
        app.AdvanceTime(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var refreshed = await ResolveAsync(app, alice.Id);
        app.AdvanceTime(TimeSpan.FromDays(2));
        remote.Documents.Clear();
        var stale = await ResolveAsync(app, alice.Id);

        Assert.Equal("alice", cached!.DisplayName);
        Assert.Equal("Alice Renamed", refreshed!.DisplayName);
        Assert.Equal([first!.Id, first.Id, first.Id], new[] { cached.Id, refreshed.Id, stale!.Id });
        Assert.Equal("Alice Renamed", stale.DisplayName);
        Assert.Equal(3, remote.FetchesOf(alice.Id).Count);
    }

    [Fact]
    public async Task A_document_whose_id_is_on_another_host_is_refused()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var impostor = new RemoteActor(network.AddSink("victim.test"), "ceo");
        remote.Documents["https://remote.test/users/ceo"] = Starling.ActivityPub.Json.ActivityStreamsJson.Serialize(impostor.Document);
        remote.ServeWebFinger("ceo", "https://remote.test/users/ceo");

        var account = await ResolveHandleAsync(app, "ceo", "remote.test");
        var fetched = await app.UseAsync<IRemoteObjectFetcher, ActivityObject?>(f => f.FetchAsync("https://remote.test/users/ceo", CancellationToken.None));

        Assert.Null(account);
        Assert.Null(fetched);
        Assert.Equal(0, await app.DbAsync(db => db.Accounts.CountAsync(a => a.Domain != null)));
    }

    [Fact]
    public async Task A_gone_actor_is_not_found()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        remote.Gone["https://remote.test/users/gone"] = true;

        Assert.Null(await ResolveAsync(app, "https://remote.test/users/gone"));
        Assert.Equal(System.Net.HttpStatusCode.Gone, Assert.Single(remote.FetchesOf("https://remote.test/users/gone")).Answer);
    }

    [Theory]
    [InlineData("https://127.0.0.1/users/alice")]
    [InlineData("https://10.0.0.7/users/alice")]
    [InlineData("https://[::1]/users/alice")]
    public async Task A_webfinger_answer_pointing_to_a_private_address_is_not_followed(string actorId)
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        remote.ServeWebFinger("alice", actorId);

        var account = await ResolveHandleAsync(app, "alice", "remote.test");

        Assert.Null(account);
        Assert.Single(network.Traffic);
        Assert.Equal(0, await app.DbAsync(db => db.Accounts.CountAsync(a => a.Domain != null)));
    }

    [Fact]
    public async Task A_suspended_server_is_not_asked()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        new RemoteActor(remote, "alice").Publish();
        await app.DbAsync(db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "remote.test", Severity = DomainBlockSeverity.Suspend });
            return db.SaveChangesAsync();
        });

        Assert.Null(await ResolveHandleAsync(app, "alice", "remote.test"));
        Assert.Null(await ResolveAsync(app, "https://remote.test/users/alice"));
        Assert.Empty(remote.Received);
    }

    [Fact]
    public async Task A_new_actor_with_a_name_an_old_one_held_takes_the_name()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var old = new RemoteActor(remote, "alice").Publish();
        var oldAccount = await ResolveAsync(app, old.Id);
        var renewed = new RemoteActor(remote, "alice2", RemoteActor.SharedKey(1));
        renewed.Document.PreferredUsername = "alice";
        renewed.Publish();

        var newAccount = await ResolveAsync(app, renewed.Id);

        Assert.NotEqual(oldAccount!.Id, newAccount!.Id);
        Assert.Equal(("alice", "remote.test"), (newAccount.Username, newAccount.Domain));
        var accounts = await app.DbAsync(db => db.Accounts.Where(a => a.Domain == "remote.test").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([old.Id, renewed.Id], accounts.Select(a => a.Uri));
        Assert.NotEqual("alice", accounts[0].UsernameNormalized);
        Assert.Equal(newAccount.Id, (await ResolveHandleAsync(app, "alice", "remote.test"))!.Id);
    }

    [Fact]
    public async Task A_key_that_another_host_claims_is_not_stored()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var alice = new RemoteActor(remote, "alice");
        alice.Document.PublicKey = new PublicKey { Id = "https://other.test/users/x#main-key", Owner = alice.Id, PublicKeyPem = alice.Key.PublicKeyPem };
        alice.Publish();

        var account = await ResolveAsync(app, alice.Id);

        Assert.NotNull(account);
        Assert.Equal(0, await app.DbAsync(db => db.AccountKeys.CountAsync(k => k.AccountId == account.Id)));
    }

    [Fact]
    public async Task Our_own_actors_are_found_without_fetching()
    {
        var (network, app, remote) = await StartAsync();
        await using var _ = network;
        var world = await app.World().Users("bob").BuildAsync();

        var byId = await ResolveAsync(app, "https://local.test/users/bob");
        var byHandle = await ResolveHandleAsync(app, "bob", "local.test");

        Assert.Equal([world.Id("bob"), world.Id("bob")], new[] { byId!.Id, byHandle!.Id });
        Assert.Empty(network.Traffic);
    }

    public sealed class Sqlite() : RemoteAccountResolverTests(TestDatabase.Sqlite);
    public sealed class Postgres() : RemoteAccountResolverTests(TestDatabase.Postgres);
}
