using System.Net;
using System.Text.Json;
using Starling.Server.Features.Notifications;

namespace Starling.Server.Tests.Api.Markers;

/// <summary>Reading positions over HTTP: saved per timeline, counted by version, read back by name.</summary>
public abstract class MarkersEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> SaveAsync(ApiClient client, string token, HttpContent body)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/markers", token, body);
        return await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    private static async Task<JsonElement> GetAsync(ApiClient client, string token, string query) =>
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/markers" + query, token), HttpStatusCode.OK);

    [Fact]
    public async Task Markers_are_saved_per_timeline_and_count_their_changes()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice").Post("one", "alice", "One").Post("two", "alice", "Two").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var (one, two) = (world.Status("one").Id.ToString(), world.Status("two").Id.ToString());

        Assert.Equal("{}", (await GetAsync(client, token, "?timeline[]=home&timeline[]=notifications")).GetRawText());
        Assert.Equal("{}", (await GetAsync(client, token, "")).GetRawText());

        var saved = await SaveAsync(client, token, ApiClient.Form(("home[last_read_id]", two)));
        GoldenJson.AssertMatches(saved.GetRawText(), "Markers.saved.json", [TestInstance.Domain]);
        Assert.Equal(0, saved.GetProperty("home").GetProperty("version").GetInt32());

        app.AdvanceTime(TimeSpan.FromMinutes(1));
        // Back as well as forward, as the client says; other keys are ignored.
        var both = await SaveAsync(client, token, ApiClient.Json(new { home = new { last_read_id = one }, notifications = new { last_read_id = "5" }, lists = new { last_read_id = "1" } }));
        Assert.Equal(["home", "notifications"], both.EnumerateObject().Select(p => p.Name));
        Assert.Equal((one, 1), (both.GetProperty("home").GetProperty("last_read_id").GetString(), both.GetProperty("home").GetProperty("version").GetInt32()));
        Assert.Equal(("5", 0), (both.GetProperty("notifications").GetProperty("last_read_id").GetString(), both.GetProperty("notifications").GetProperty("version").GetInt32()));
        Assert.Equal("2026-01-15T12:01:00.000Z", both.GetProperty("home").GetProperty("updated_at").GetString());

        Assert.Equal(both.GetRawText(), (await GetAsync(client, token, "?timeline[]=home&timeline[]=notifications&timeline[]=lists")).GetRawText());
        Assert.Equal(["notifications"], (await GetAsync(client, token, "?timeline[]=notifications")).EnumerateObject().Select(p => p.Name));
        Assert.Equal("{}", (await GetAsync(client, await client.UserTokenAsync("alice", "read"), "?timeline=bogus")).GetRawText());
    }

    [Fact]
    public async Task The_web_ui_moving_the_notifications_marker_counts_as_a_change()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        await SaveAsync(client, token, ApiClient.Form(("notifications[last_read_id]", "1")));

        await app.UseAsync<NotificationQueries>(q => q.MarkAllReadAsync(world.Id("alice")));

        var marker = (await GetAsync(client, token, "?timeline[]=notifications")).GetProperty("notifications");
        Assert.Equal(1, marker.GetProperty("version").GetInt32());
        Assert.NotEqual("1", marker.GetProperty("last_read_id").GetString());
    }

    [Fact]
    public async Task Bad_positions_and_wrong_scopes_are_refused_and_change_nothing()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var readOnly = await client.UserTokenAsync("alice", "read");
        var writeOnly = await client.UserTokenAsync("alice", "write");

        foreach (var body in new HttpContent[]
        {
            ApiClient.Form(("home[last_read_id]", "")),
            ApiClient.Form(("home[last_read_id]", "abc")),
            ApiClient.Form(("home", "12")),
            ApiClient.Json(new { home = new { last_read_id = "12" }, notifications = new { } }),
        })
        {
            await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/markers", token, body), HttpStatusCode.UnprocessableEntity);
        }
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/markers", readOnly, ApiClient.Form(("home[last_read_id]", "12"))), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/markers?timeline[]=home", writeOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/markers?timeline[]=home"), HttpStatusCode.Unauthorized);

        Assert.Equal("{}", (await GetAsync(client, token, "?timeline[]=home&timeline[]=notifications")).GetRawText());
    }

    public sealed class Sqlite() : MarkersEndpointsTests(TestDatabase.Sqlite);
    public sealed class Postgres() : MarkersEndpointsTests(TestDatabase.Postgres);
}
