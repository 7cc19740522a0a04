using System.Net;
using Starling.ActivityPub.Signatures;

namespace Starling.Server.Tests.Api.ActivityPub;

/// <summary>
/// Authorized fetch on the real documents: off, anyone reads; on, only a fetch signed by an actor of a server that is
/// not suspended, except discovery and the instance actor, which the fetcher needs to verify anyone at all.
/// </summary>
public abstract class AuthorizedFetchTests(TestDatabase database) : IntegrationTest(database)
{
    private async Task<(FederationNetwork Network, TestInstance App, RemoteActor Alice, string StatusPath)> StartAsync(bool authorizedFetch)
    {
        var network = new FederationNetwork(Database);
        var app = await network.StartAsync("local.test", new TestInstanceOptions
        {
            Settings = new Dictionary<string, string?> { ["Starling:Federation:AuthorizedFetch"] = authorizedFetch ? "true" : "false" },
        });
        var world = await app.World().User("bob").Post("hello", "bob", "Hello, signed world").BuildAsync();
        var alice = new RemoteActor(network.AddSink("remote.test"), "alice").Publish();
        return (network, app, alice, $"/users/bob/statuses/{world.Status("hello").Id}");
    }

    [Fact]
    public async Task Without_authorized_fetch_an_unsigned_fetch_is_answered()
    {
        var (network, app, alice, statusPath) = await StartAsync(authorizedFetch: false);
        await using var _ = network;

        using var actor = await alice.FetchAsync(app, "/users/bob", new DeliveryOptions { Unsigned = true });
        using var status = await alice.FetchAsync(app, statusPath, new DeliveryOptions { Unsigned = true });

        Assert.Equal(HttpStatusCode.OK, actor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("Hello, signed world", await status.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/users/bob")]
    [InlineData("/@bob")]
    [InlineData("/users/bob/followers")]
    [InlineData("/users/bob/outbox")]
    [InlineData("/users/bob/collections/featured")]
    [InlineData(null)]
    public async Task With_authorized_fetch_an_unsigned_or_badly_signed_fetch_of_a_document_is_refused_with_401(string? path)
    {
        var (network, app, alice, statusPath) = await StartAsync(authorizedFetch: true);
        await using var _ = network;
        path ??= statusPath;

        using var unsigned = await alice.FetchAsync(app, path, new DeliveryOptions { Unsigned = true });
        using var forged = await alice.FetchAsync(app, path, new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Contains("not signed", await unsigned.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Hello", await unsigned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("does not match", await forged.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(HttpSignatureScheme.DraftCavage)]
    [InlineData(HttpSignatureScheme.Rfc9421)]
    public async Task With_authorized_fetch_a_signed_fetch_is_answered(HttpSignatureScheme scheme)
    {
        var (network, app, alice, statusPath) = await StartAsync(authorizedFetch: true);
        await using var _ = network;

        using var actor = await alice.FetchAsync(app, "/users/bob", new DeliveryOptions { Scheme = scheme });
        using var status = await alice.FetchAsync(app, statusPath, new DeliveryOptions { Scheme = scheme });

        Assert.Equal(HttpStatusCode.OK, actor.StatusCode);
        Assert.Contains("\"preferredUsername\":\"bob\"", await actor.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("Hello, signed world", await status.Content.ReadAsStringAsync());
        Assert.Contains("Signature", status.Headers.Vary);
    }

    [Theory]
    [InlineData("/actor")]
    [InlineData("/actor/outbox")]
    [InlineData("/.well-known/webfinger?resource=acct:bob@local.test")]
    [InlineData("/.well-known/host-meta")]
    [InlineData("/.well-known/nodeinfo")]
    [InlineData("/nodeinfo/2.1")]
    public async Task With_authorized_fetch_discovery_and_the_instance_actor_stay_open(string path)
    {
        var (network, app, alice, _) = await StartAsync(authorizedFetch: true);
        await using var _ = network;

        using var response = await alice.FetchAsync(app, path, new DeliveryOptions { Unsigned = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_authorized_fetch_a_browser_is_still_sent_to_the_profile_page()
    {
        var (network, app, _, _) = await StartAsync(authorizedFetch: true);
        await using var _ = network;
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/bob");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/@bob", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task With_authorized_fetch_a_suspended_server_is_refused_with_401_even_when_signed()
    {
        var (network, app, alice, statusPath) = await StartAsync(authorizedFetch: true);
        await using var _ = network;
        await app.DbAsync(db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "remote.test", Severity = DomainBlockSeverity.Suspend });
            return db.SaveChangesAsync();
        });

        using var response = await alice.FetchAsync(app, statusPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("suspended", await response.Content.ReadAsStringAsync());
        Assert.Empty(alice.Sink.Received);
    }

    public sealed class Sqlite() : AuthorizedFetchTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AuthorizedFetchTests(TestDatabase.Postgres);
}
