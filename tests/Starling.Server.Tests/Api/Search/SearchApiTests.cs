using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Search;

/// <summary>GET /api/v2/search: accounts by name, hashtags by prefix, statuses by text among those the reader may see.</summary>
public abstract class SearchApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> SearchAsync(ApiClient client, string query, string? token = null) =>
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v2/search?" + query, token), HttpStatusCode.OK);

    private static IEnumerable<string?> Field(JsonElement json, string list, string field) =>
        json.GetProperty(list).EnumerateArray().Select(item => item.GetProperty(field).GetString());

    [Fact]
    public async Task One_search_finds_accounts_hashtags_and_statuses()
    {
        var (_, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        using var client = new ApiClient(world.Instance);
        var token = await client.UserTokenAsync("carol", "read");

        var found = await SearchAsync(client, "q=starling", token);

        Assert.Equal(["accounts", "statuses", "hashtags"], found.EnumerateObject().Select(p => p.Name));
        GoldenJson.AssertMatches(found.GetRawText(), "Search.json");
    }

    [Fact]
    public async Task Accounts_are_found_by_username_or_display_name_prefix_the_exact_username_first()
    {
        var app = await StartAsync();
        var world = await app.World().User("ann", displayName: "Zed").User("annabel").User("bob", displayName: "Annie B").User("carol").BuildAsync();
        using var client = new ApiClient(app);

        var found = await SearchAsync(client, "q=ann&type=accounts");
        var handle = await SearchAsync(client, "q=%40annabel%40starling.test&type=accounts");
        var elsewhere = await SearchAsync(client, "q=annabel%40elsewhere.example&type=accounts");

        Assert.Equal("ann", Field(found, "accounts", "username").First());
        Assert.Equal(["ann", "annabel", "bob"], Field(found, "accounts", "username").Order());
        Assert.Equal(["annabel"], Field(handle, "accounts", "acct"));
        Assert.Empty(elsewhere.GetProperty("accounts").EnumerateArray());
        Assert.Empty(found.GetProperty("statuses").EnumerateArray());
        Assert.Empty(found.GetProperty("hashtags").EnumerateArray());
    }

    [Fact]
    public async Task Following_narrows_accounts_to_those_the_reader_follows_and_blocked_ones_are_left_out()
    {
        var app = await StartAsync();
        var world = await app.World().Users("reader", "sam", "sally", "sid").Follow("reader", "sam").Block("sid", "reader").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("reader", "read:search");

        var all = await SearchAsync(client, "q=s&type=accounts", token);
        var following = await SearchAsync(client, "q=s&type=accounts&following=true", token);

        Assert.Equal(["sally", "sam"], Field(all, "accounts", "username").Order());
        Assert.Equal(["sam"], Field(following, "accounts", "username"));
    }

    [Fact]
    public async Task Hashtags_are_found_by_prefix_shortest_first_with_or_without_the_hash()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice").Post("one", "alice", "#Starling #starlingdev #starlings #birds").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice", "read write follow");
        await client.SendAsync(HttpMethod.Post, "/api/v1/tags/starlings/follow", token);

        var bare = await SearchAsync(client, "q=star&type=hashtags");
        var hashed = await SearchAsync(client, "q=%23star&type=hashtags", token);

        Assert.Equal(["Starling", "starlings", "starlingdev"], Field(bare, "hashtags", "name"));
        Assert.All(bare.GetProperty("hashtags").EnumerateArray(), t => Assert.False(t.TryGetProperty("following", out _)));
        Assert.Equal([false, true, false], hashed.GetProperty("hashtags").EnumerateArray().Select(t => t.GetProperty("following").GetBoolean()));
        Assert.Equal(7, hashed.GetProperty("hashtags")[0].GetProperty("history").GetArrayLength());
        Assert.Empty(hashed.GetProperty("statuses").EnumerateArray());
    }

    [Fact]
    public async Task Statuses_are_found_by_text_or_warning_among_those_the_reader_may_see()
    {
        var (_, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(world.Instance);
        var carol = await client.UserTokenAsync("carol", "read");
        var erin = await client.UserTokenAsync("erin", "read");
        await world.Instance.World().Users("zoe").Post("warned", "zoe", "Nothing here", contentWarning: "Secret recipe").BuildAsync();

        var forCarol = await SearchAsync(client, "q=ONLY&type=statuses", carol);
        var forErin = await SearchAsync(client, "q=only&type=statuses", erin);
        var anonymous = await SearchAsync(client, "q=only&type=statuses");
        var warning = await SearchAsync(client, "q=recipe&type=statuses", erin);

        Assert.Equal([world.Status("alice_followers").Id.ToString()], Field(forCarol, "statuses", "id"));
        Assert.Empty(forErin.GetProperty("statuses").EnumerateArray());
        Assert.Empty(anonymous.GetProperty("statuses").EnumerateArray());
        Assert.Single(warning.GetProperty("statuses").EnumerateArray());
    }

    [Fact]
    public async Task Statuses_page_with_limit_offset_max_id_min_id_and_account_id()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice", "bob", "reader");
        for (var i = 1; i <= 5; i++)
        {
            builder = builder.Post($"a{i}", "alice", $"Pebble number {i}").Post($"b{i}", "bob", $"Pebble from bob {i}");
        }
        var world = await builder.BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("reader", "read");
        string Id(string name) => world.Status(name).Id.ToString();

        var first = await SearchAsync(client, "q=pebble&type=statuses&limit=3", token);
        var offset = await SearchAsync(client, "q=pebble&type=statuses&limit=3&offset=3", token);
        var older = await SearchAsync(client, $"q=pebble&type=statuses&limit=2&max_id={Id("a3")}", token);
        var newer = await SearchAsync(client, $"q=pebble&type=statuses&limit=2&min_id={Id("a3")}", token);
        var byBob = await SearchAsync(client, $"q=pebble&type=statuses&account_id={world.Id("bob")}", token);

        Assert.Equal([Id("b5"), Id("a5"), Id("b4")], Field(first, "statuses", "id"));
        Assert.Equal([Id("a4"), Id("b3"), Id("a3")], Field(offset, "statuses", "id"));
        Assert.Equal([Id("b2"), Id("a2")], Field(older, "statuses", "id"));
        Assert.Equal([Id("a4"), Id("b3")], Field(newer, "statuses", "id"));
        Assert.Equal(new[] { "b5", "b4", "b3", "b2", "b1" }.Select(Id), Field(byBob, "statuses", "id"));
    }

    [Fact]
    public async Task Bad_requests_are_refused_clearly()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var noSearchScope = await client.UserTokenAsync("alice", "read:accounts");

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search"), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=%20"), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=alice&resolve=true"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=alice&offset=5"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=alice", "revoked-or-made-up"), HttpStatusCode.Unauthorized, "The access token is invalid");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=alice", noSearchScope), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/search?q=alice&limit=many"), HttpStatusCode.UnprocessableEntity);
        var capped = await SearchAsync(client, "q=alice&limit=1000&resolve=false");
        Assert.Equal(["alice"], Field(capped, "accounts", "username"));
    }

    public sealed class Sqlite() : SearchApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : SearchApiTests(TestDatabase.Postgres);
}
