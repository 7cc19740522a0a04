using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Starling.ActivityPub.NodeInfo;
using Starling.ActivityPub.WebFinger;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Api.ActivityPub;

namespace Starling.Server.Tests.Api.WellKnown;

/// <summary>Discovery as other servers use it: WebFinger, host-meta and NodeInfo, read back with the protocol library.</summary>
public abstract class WellKnownTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task WebFinger_finds_a_user_by_acct_with_actor_profile_and_subscribe_links()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        using var response = await client.SendAsync("/.well-known/webfinger?resource=acct:alice@starling.test", accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jrd+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var json = await response.Content.ReadAsStringAsync();
        GoldenJson.AssertMatches(json, "WebFinger.json");
        var document = WebFingerDocument.Parse(json);
        Assert.Equal("https://starling.test/users/alice", document.ActorId);
        Assert.Equal("https://starling.test/@alice", document.FindLink(WebFingerRels.ProfilePage)?.Href);
        Assert.Contains("{uri}", document.FindLink(WebFingerRels.Subscribe)?.Template);
    }

    [Theory]
    [InlineData("acct:Alice@starling.test")]
    [InlineData("alice@starling.test")]
    [InlineData("acct:alice@STARLING.TEST")]
    [InlineData("https://starling.test/users/alice")]
    [InlineData("https://starling.test/@alice")]
    public async Task WebFinger_reads_every_form_of_the_resource(string resource)
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        using var response = await client.SendAsync("/.well-known/webfinger?resource=" + Uri.EscapeDataString(resource), accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = WebFingerDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("acct:alice@starling.test", document.Subject);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?resource=", HttpStatusCode.BadRequest)]
    [InlineData("?resource=not%20a%20resource", HttpStatusCode.BadRequest)]
    [InlineData("?resource=acct:nobody@starling.test", HttpStatusCode.NotFound)]
    [InlineData("?resource=acct:alice@elsewhere.example", HttpStatusCode.NotFound)]
    [InlineData("?resource=https://elsewhere.example/users/alice", HttpStatusCode.NotFound)]
    [InlineData("?resource=https://starling.test/tags/alice", HttpStatusCode.NotFound)]
    public async Task WebFinger_refuses_what_it_cannot_answer(string query, HttpStatusCode expected)
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        using var response = await client.SendAsync("/.well-known/webfinger" + query, accept: null);

        Assert.Equal(expected, response.StatusCode);
        // A JSON body, never the web UI's error page.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WebFinger_hides_users_waiting_for_approval_and_still_finds_suspended_ones()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "approval" } });
        await app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("waiting", "waiting@example.com", WorldBuilder.Password, "I would like to join")));
        await app.World().User("suspended").BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("suspended"));
        using var client = new DocumentFetcher(app);

        using var waiting = await client.SendAsync("/.well-known/webfinger?resource=acct:waiting@starling.test", accept: null);
        using var suspended = await client.SendAsync("/.well-known/webfinger?resource=acct:suspended@starling.test", accept: null);

        Assert.Equal(HttpStatusCode.NotFound, waiting.StatusCode);
        // As on Mastodon, a suspension (which can be lifted) keeps the account findable; its actor says it is suspended.
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
    }

    [Theory]
    [InlineData("acct:starling.test@starling.test")]
    [InlineData("https://starling.test/actor")]
    [InlineData("https://starling.test/")]
    [InlineData("https://starling.test")]
    public async Task WebFinger_finds_the_instance_actor_by_the_domain_its_address_or_the_server_address(string resource)
    {
        var app = await StartAsync();
        using var client = new DocumentFetcher(app);

        using var response = await client.SendAsync("/.well-known/webfinger?resource=" + Uri.EscapeDataString(resource), accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        GoldenJson.AssertMatches(json, "WebFingerInstanceActor.json");
        Assert.Equal("https://starling.test/actor", WebFingerDocument.Parse(json).ActorId);
    }

    [Fact]
    public async Task Host_meta_points_to_webfinger_as_xrd_and_as_json()
    {
        var app = await StartAsync();
        using var client = new DocumentFetcher(app);

        using var xml = await client.SendAsync("/.well-known/host-meta", accept: null);
        using var json = await client.SendAsync("/.well-known/host-meta", accept: "application/json");
        using var jsonFile = await client.SendAsync("/.well-known/host-meta.json", accept: null);

        Assert.Equal("application/xrd+xml", xml.Content.Headers.ContentType?.MediaType);
        var xrd = XDocument.Parse(await xml.Content.ReadAsStringAsync());
        Assert.Equal("XRD", xrd.Root?.Name.LocalName);
        Assert.Equal("https://starling.test/.well-known/webfinger?resource={uri}", HostMetaDocument.ParseXml(await xml.Content.ReadAsStringAsync()).WebFingerTemplate);
        Assert.Contains("Accept", xml.Headers.Vary);
        foreach (var response in new[] { json, jsonFile })
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            GoldenJson.AssertMatches(body, "HostMeta.json");
            Assert.Equal("https://starling.test/.well-known/webfinger?resource={uri}", HostMetaDocument.ParseJson(body).WebFingerTemplate);
        }
    }

    [Fact]
    public async Task NodeInfo_is_discovered_and_served_in_both_versions()
    {
        var app = await StartAsync(o => o with
        {
            Settings = new Dictionary<string, string?> { ["Starling:InstanceName"] = "Starling Test", ["Starling:SourceUrl"] = "https://code.example/starling" },
        });
        await app.World().Users("alice", "bob").Post("hello", "alice", "Hello").BuildAsync();
        using var client = new DocumentFetcher(app);

        using var discovery = await client.SendAsync("/.well-known/nodeinfo", accept: null);
        var links = NodeInfoDiscovery.Parse(await discovery.Content.ReadAsStringAsync());
        Assert.Equal(["https://starling.test/nodeinfo/2.0", "https://starling.test/nodeinfo/2.1", "https://starling.test/actor"], links.Links.Select(l => l.Href));
        Assert.Equal("https://starling.test/nodeinfo/2.1", links.Preferred?.Href);
        Assert.Equal("https://www.w3.org/ns/activitystreams#Application", links.Links[2].Rel);

        foreach (var version in NodeInfoSchemas.Versions)
        {
            using var response = await client.SendAsync($"/nodeinfo/{version}", accept: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\"", response.Content.Headers.ContentType?.ToString());
            var json = await response.Content.ReadAsStringAsync();
            // The version changes with every release; the file shows where it goes.
            GoldenJson.AssertMatches(WithoutSoftwareVersion(json), $"NodeInfo{version.Replace(".", "", StringComparison.Ordinal)}.json");
            var document = NodeInfoDocument.Parse(json);
            Assert.Equal("starling", document.Software.Name);
            Assert.Equal(version, document.Version);
            Assert.Equal(2, document.Usage.Users.Total);
            Assert.Equal(1, document.Usage.Users.ActiveMonth);
            Assert.Equal(1, document.Usage.LocalPosts);
            Assert.True(document.OpenRegistrations);
        }
        using var unknown = await client.SendAsync("/nodeinfo/1.0", accept: null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task NodeInfo_counts_are_kept_for_a_while_then_counted_again()
    {
        var app = await StartAsync(o => o with
        {
            FakeTime = true,
            Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "closed" },
        });
        var world = await app.World().User("alice").BuildAsync();
        using var client = new DocumentFetcher(app);
        Assert.Equal(0, (await NodeInfoAsync(client)).Usage.LocalPosts);

        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Counted later")));
        var cached = await NodeInfoAsync(client);
        app.AdvanceTime(TimeSpan.FromMinutes(6));
        var recounted = await NodeInfoAsync(client);

        Assert.False(cached.OpenRegistrations);
        Assert.Equal(0, cached.Usage.LocalPosts);
        Assert.Equal(1, recounted.Usage.LocalPosts);
    }

    private static async Task<NodeInfoDocument> NodeInfoAsync(DocumentFetcher client)
    {
        using var response = await client.SendAsync("/nodeinfo/2.1", accept: null);
        return NodeInfoDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string WithoutSoftwareVersion(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["software"]!["version"] = "{version}";
        return node.ToJsonString(new JsonSerializerOptions());
    }

    public sealed class Sqlite() : WellKnownTests(TestDatabase.Sqlite);
    public sealed class Postgres() : WellKnownTests(TestDatabase.Postgres);
}
