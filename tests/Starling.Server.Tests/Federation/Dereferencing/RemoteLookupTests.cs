using System.Net;
using System.Text.Json;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Api;

namespace Starling.Server.Tests.Federation.Dereferencing;

/// <summary>Where the client API and posting reach other servers: search with resolve, lookup, and mentions while composing.</summary>
public abstract class RemoteLookupTests(TestDatabase database) : IntegrationTest(database)
{
    private async Task<(FederationNetwork Network, TestInstance App, RemoteActor Alice)> StartAsync()
    {
        var network = new FederationNetwork(Database);
        var app = await network.StartAsync("local.test");
        await app.World().Users("bob").BuildAsync();
        var alice = new RemoteActor(network.AddSink("remote.test"), "alice");
        alice.Document.Name = "Alice Remote";
        alice.Publish();
        return (network, app, alice);
    }

    private static async Task<JsonElement> SearchAsync(ApiClient client, string query, string token) =>
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v2/search?" + query, token), HttpStatusCode.OK);

    private static IEnumerable<string?> Accts(JsonElement found) =>
        found.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("acct").GetString());

    [Fact]
    public async Task Search_with_resolve_finds_a_remote_handle_by_webfinger_and_without_resolve_only_what_is_known()
    {
        var (network, app, alice) = await StartAsync();
        await using var _ = network;
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("bob", "read");

        var before = await SearchAsync(client, "q=%40alice%40remote.test", token);
        var resolved = await SearchAsync(client, "q=%40alice%40remote.test&resolve=true", token);
        var after = await SearchAsync(client, "q=alice%40remote.test", token);

        Assert.Empty(Accts(before));
        Assert.Equal(["alice@remote.test"], Accts(resolved));
        Assert.Equal("Alice Remote", resolved.GetProperty("accounts")[0].GetProperty("display_name").GetString());
        Assert.Equal(["alice@remote.test"], Accts(after));
        Assert.Single(alice.Sink.FetchesOf(alice.Sink.WebFingerUrl("alice")));
    }

    [Fact]
    public async Task Search_with_resolve_fetches_an_actor_url_and_answers_with_it_alone()
    {
        var (network, app, alice) = await StartAsync();
        await using var _ = network;
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("bob", "read");

        var found = await SearchAsync(client, "q=" + Uri.EscapeDataString(alice.Id) + "&resolve=true", token);
        var nothing = await SearchAsync(client, "q=" + Uri.EscapeDataString("https://remote.test/users/nobody") + "&resolve=true", token);

        Assert.Equal(["alice@remote.test"], Accts(found));
        Assert.Empty(found.GetProperty("statuses").EnumerateArray());
        Assert.Empty(found.GetProperty("hashtags").EnumerateArray());
        Assert.Empty(Accts(nothing));
        Assert.Single(alice.Sink.FetchesOf(alice.Id));
    }

    [Fact]
    public async Task Lookup_finds_a_known_remote_account_and_not_an_unknown_one()
    {
        var (network, app, alice) = await StartAsync();
        await using var _ = network;
        using var client = new ApiClient(app);

        using var unknown = await client.GetAsync("/api/v1/accounts/lookup?acct=alice@remote.test");
        await app.UseAsync<Starling.Server.Federation.Dereferencing.IRemoteAccountResolver>(r => r.ResolveAsync(alice.Id, CancellationToken.None));
        var known = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/accounts/lookup?acct=alice@remote.test"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(("alice", "alice@remote.test"), (known.GetProperty("username").GetString(), known.GetProperty("acct").GetString()));
        Assert.Single(alice.Sink.FetchesOf(alice.Id));
    }

    [Fact]
    public async Task A_post_mentioning_an_unknown_remote_handle_resolves_it_before_it_is_stored()
    {
        var (network, app, alice) = await StartAsync();
        await using var _ = network;
        var bobId = await app.DbAsync(db => db.Accounts.Where(a => a.Username == "bob").Select(a => a.Id).SingleAsync());

        var status = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(bobId, new StatusDraft("Hello @alice@remote.test and @nobody@remote.test")));

        var aliceAccount = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Uri == alice.Id));
        var mentions = await app.DbAsync(db => db.Mentions.Where(m => m.StatusId == status.Id).Select(m => m.AccountId).ToListAsync());
        Assert.Equal([aliceAccount.Id], mentions);
        var html = await app.DbAsync(db => db.Statuses.Where(s => s.Id == status.Id).Select(s => s.ContentHtml).SingleAsync());
        Assert.Contains($"href=\"{alice.Document.Url!.Id}\" class=\"u-url mention\">@<span>alice</span>", html);
        Assert.Contains("@nobody@remote.test", html);

        var again = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(bobId, new StatusDraft("Again @alice@remote.test")));
        Assert.Single(alice.Sink.FetchesOf(alice.Sink.WebFingerUrl("alice")));
        Assert.Equal([aliceAccount.Id], await app.DbAsync(db => db.Mentions.Where(m => m.StatusId == again.Id).Select(m => m.AccountId).ToListAsync()));
    }

    public sealed class Sqlite() : RemoteLookupTests(TestDatabase.Sqlite);
    public sealed class Postgres() : RemoteLookupTests(TestDatabase.Postgres);
}
