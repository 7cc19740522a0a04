using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Instance;

/// <summary>The instance endpoints clients call first; the fields they feature-detect on, checked one by one.</summary>
public abstract class InstanceTests(TestDatabase database) : IntegrationTest(database)
{
    private static IEnumerable<string> Names(JsonElement json) => json.EnumerateObject().Select(p => p.Name);

    [Fact]
    public async Task V1_instance_announces_version_streaming_url_stats_and_limits()
    {
        var (app, _) = await StartWithStandardWorldAsync(o => o with
        {
            Settings = new Dictionary<string, string?>
            {
                ["Starling:MaxStatusCharacters"] = "1000",
                ["Starling:InstanceName"] = "Birds",
                ["Starling:ContactEmail"] = "admin@starling.test",
                ["Starling:Rules:0"] = "Be kind",
                ["Starling:Rules:1"] = "No spam",
            },
        });
        using var client = new ApiClient(app);

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/instance"), HttpStatusCode.OK);

        Assert.Equal(["uri", "title", "short_description", "description", "email", "version", "urls", "stats", "thumbnail", "languages",
            "registrations", "approval_required", "invites_enabled", "configuration", "contact_account", "rules"], Names(json));
        Assert.Equal("starling.test", json.GetProperty("uri").GetString());
        Assert.Equal("Birds", json.GetProperty("title").GetString());
        Assert.Matches(@"^4\.3\.0 \(compatible; Starling \d+\.\d+\.\d+\)$", json.GetProperty("version").GetString());
        Assert.Equal("wss://starling.test", json.GetProperty("urls").GetProperty("streaming_api").GetString());
        var stats = json.GetProperty("stats");
        Assert.Equal(5, stats.GetProperty("user_count").GetInt32());
        Assert.True(stats.GetProperty("status_count").GetInt32() > 0);
        Assert.Equal(0, stats.GetProperty("domain_count").GetInt32());
        Assert.Equal("admin@starling.test", json.GetProperty("email").GetString());
        Assert.True(json.GetProperty("registrations").GetBoolean());
        Assert.False(json.GetProperty("approval_required").GetBoolean());
        var statuses = json.GetProperty("configuration").GetProperty("statuses");
        Assert.Equal(1000, statuses.GetProperty("max_characters").GetInt32());
        Assert.Equal(23, statuses.GetProperty("characters_reserved_per_url").GetInt32());
        Assert.Equal(4, json.GetProperty("configuration").GetProperty("polls").GetProperty("max_options").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("contact_account").ValueKind);
        Assert.Equal([("1", "Be kind"), ("2", "No spam")], json.GetProperty("rules").EnumerateArray().Select(r => (r.GetProperty("id").GetString(), r.GetProperty("text").GetString())));
    }

    [Theory]
    [InlineData("open", true, false)]
    [InlineData("approval", true, true)]
    [InlineData("closed", false, false)]
    public async Task Registrations_follow_the_configured_mode(string mode, bool enabled, bool approval)
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = mode } });
        using var client = new ApiClient(app);

        var v1 = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/instance"), HttpStatusCode.OK);
        var v2 = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v2/instance"), HttpStatusCode.OK);

        Assert.Equal((enabled, approval), (v1.GetProperty("registrations").GetBoolean(), v1.GetProperty("approval_required").GetBoolean()));
        var registrations = v2.GetProperty("registrations");
        Assert.Equal((enabled, approval), (registrations.GetProperty("enabled").GetBoolean(), registrations.GetProperty("approval_required").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, registrations.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task V2_instance_has_the_fields_clients_read()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:PublicUrl"] = "http://localhost:8080" } });
        using var client = new ApiClient(app);

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v2/instance"), HttpStatusCode.OK);

        Assert.Equal(["domain", "title", "version", "source_url", "description", "usage", "thumbnail", "icon", "languages", "configuration",
            "registrations", "api_versions", "contact", "rules"], Names(json));
        Assert.Equal("localhost:8080", json.GetProperty("domain").GetString());
        var configuration = json.GetProperty("configuration");
        Assert.Equal("ws://localhost:8080", configuration.GetProperty("urls").GetProperty("streaming").GetString());
        Assert.Equal(500, configuration.GetProperty("statuses").GetProperty("max_characters").GetInt32());
        Assert.Equal(JsonValueKind.String, configuration.GetProperty("vapid").GetProperty("public_key").ValueKind);
        Assert.False(configuration.GetProperty("translation").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Array, configuration.GetProperty("media_attachments").GetProperty("supported_mime_types").ValueKind);
        Assert.Equal(0, json.GetProperty("usage").GetProperty("users").GetProperty("active_month").GetInt32());
        Assert.Equal(2, json.GetProperty("api_versions").GetProperty("mastodon").GetInt32());
        Assert.StartsWith("http://localhost:8080/", json.GetProperty("thumbnail").GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("contact").GetProperty("account").ValueKind);
        Assert.Empty(json.GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task Peers_rules_emojis_and_domain_blocks_are_empty_lists()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        foreach (var path in new[] { "/api/v1/instance/peers", "/api/v1/instance/rules", "/api/v1/custom_emojis", "/api/v1/instance/domain_blocks" })
        {
            var json = await ApiClient.ReadJsonAsync(await client.GetAsync(path), HttpStatusCode.OK);
            Assert.Equal("[]", json.GetRawText());
        }
    }

    [Fact]
    public async Task Activity_is_twelve_weeks_of_strings_counting_this_weeks_posts_and_sign_ups()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice", "bob").Post("one", "alice", "Hello").Post("two", "bob", "Hi").BuildAsync();
        using var client = new ApiClient(app);

        var weeks = (await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/instance/activity"), HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Equal(12, weeks.Count);
        Assert.All(weeks, w => Assert.Equal(["week", "statuses", "logins", "registrations"], Names(w)));
        Assert.All(weeks, w => Assert.All(w.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind)));
        // The fake clock stands on Thursday 2026-01-15; its week began on Monday the 12th.
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), weeks[0].GetProperty("week").GetString());
        Assert.Equal(("2", "2"), (weeks[0].GetProperty("statuses").GetString(), weeks[0].GetProperty("registrations").GetString()));
        Assert.Equal("0", weeks[1].GetProperty("statuses").GetString());
    }

    [Fact]
    public async Task Preferences_need_a_user_token_with_read_accounts()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice", "read:accounts");

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);

        Assert.Equal(["posting:default:visibility", "posting:default:sensitive", "posting:default:language", "reading:expand:media", "reading:expand:spoilers"], Names(json));
        Assert.Equal("public", json.GetProperty("posting:default:visibility").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("posting:default:language").ValueKind);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_metadata_document_names_the_oauth_endpoints_and_scopes()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/.well-known/oauth-authorization-server"), HttpStatusCode.OK);

        Assert.Equal("https://starling.test/", json.GetProperty("issuer").GetString());
        Assert.Equal("https://starling.test/oauth/authorize", json.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("https://starling.test/oauth/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal("https://starling.test/oauth/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal("https://starling.test/api/v1/apps", json.GetProperty("app_registration_endpoint").GetString());
        Assert.Contains("write:media", json.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["S256"], json.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("password", json.GetProperty("grant_types_supported").EnumerateArray().Select(s => s.GetString()));
    }

    public sealed class Sqlite() : InstanceTests(TestDatabase.Sqlite);

    public sealed class Postgres() : InstanceTests(TestDatabase.Postgres);
}
