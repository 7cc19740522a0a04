using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Lists;

/// <summary>Lists over HTTP: making, changing and deleting them, who is on them, and the errors Mastodon gives.</summary>
public abstract class ListsEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> SendAsync(ApiClient client, HttpMethod method, string path, string token, HttpContent? content = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(method, path, token, content);
        return await ApiClient.ReadJsonAsync(response, expected);
    }

    private static async Task<string> CreateListAsync(ApiClient client, string token, params (string Name, string? Value)[] fields) =>
        (await SendAsync(client, HttpMethod.Post, "/api/v1/lists", token, ApiClient.Form(fields))).GetProperty("id").GetString()!;

    [Fact]
    public async Task Lists_are_made_read_changed_and_deleted()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");

        var friends = await SendAsync(client, HttpMethod.Post, "/api/v1/lists", token, ApiClient.Form(("title", "Friends")));
        GoldenJson.AssertMatches(friends.GetRawText(), "List.json", [TestInstance.Domain]);
        var work = await SendAsync(client, HttpMethod.Post, "/api/v1/lists", token,
            ApiClient.Json(new { title = "  Work  ", replies_policy = "followed", exclusive = true }));
        Assert.Equal(("Work", "followed", true), (work.GetProperty("title").GetString(), work.GetProperty("replies_policy").GetString(), work.GetProperty("exclusive").GetBoolean()));
        var friendsId = friends.GetProperty("id").GetString()!;
        var workId = work.GetProperty("id").GetString()!;

        var all = await SendAsync(client, HttpMethod.Get, "/api/v1/lists", token);
        Assert.Equal([friendsId, workId], all.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(friends.GetRawText(), (await SendAsync(client, HttpMethod.Get, $"/api/v1/lists/{friendsId}", token)).GetRawText());

        var renamed = await SendAsync(client, HttpMethod.Put, $"/api/v1/lists/{friendsId}", token, ApiClient.Form(("title", "Close friends"), ("replies_policy", "none")));
        Assert.Equal(("Close friends", "none", false), (renamed.GetProperty("title").GetString(), renamed.GetProperty("replies_policy").GetString(), renamed.GetProperty("exclusive").GetBoolean()));
        var exclusive = await SendAsync(client, HttpMethod.Put, $"/api/v1/lists/{friendsId}", token, ApiClient.Form(("exclusive", "1")));
        Assert.Equal(("Close friends", "none", true), (exclusive.GetProperty("title").GetString(), exclusive.GetProperty("replies_policy").GetString(), exclusive.GetProperty("exclusive").GetBoolean()));

        Assert.Equal("{}", (await SendAsync(client, HttpMethod.Delete, $"/api/v1/lists/{friendsId}", token)).GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/lists/{friendsId}", token), HttpStatusCode.NotFound);
        Assert.Equal([workId], (await SendAsync(client, HttpMethod.Get, "/api/v1/lists", token)).EnumerateArray().Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_input_and_other_peoples_lists_are_refused_and_change_nothing()
    {
        var app = await StartAsync();
        await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var alice = await client.UserTokenAsync("alice");
        var bob = await client.UserTokenAsync("bob");
        var readOnly = await client.UserTokenAsync("alice", "read");
        var listsOnly = await client.UserTokenAsync("alice", "read:statuses write:statuses");
        var list = await CreateListAsync(client, alice, ("title", "Friends"));

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", alice, ApiClient.Form(("title", "  "))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", alice, ApiClient.Form()), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", alice, ApiClient.Form(("title", new string('x', 257)))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", alice, ApiClient.Form(("title", "X"), ("replies_policy", "everyone"))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Put, $"/api/v1/lists/{list}", alice, ApiClient.Form(("title", ""))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", readOnly, ApiClient.Form(("title", "X"))), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/lists", listsOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/lists"), HttpStatusCode.Unauthorized);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/v1/lists/{list}"), (HttpMethod.Put, $"/api/v1/lists/{list}"), (HttpMethod.Delete, $"/api/v1/lists/{list}"),
            (HttpMethod.Get, $"/api/v1/lists/{list}/accounts"), (HttpMethod.Post, $"/api/v1/lists/{list}/accounts"),
            (HttpMethod.Delete, $"/api/v1/lists/{list}/accounts"), (HttpMethod.Get, $"/api/v1/timelines/list/{list}"),
            (HttpMethod.Get, "/api/v1/lists/not-an-id"), (HttpMethod.Get, "/api/v1/lists/999999"),
        })
        {
            await ApiClient.AssertErrorAsync(await client.SendAsync(method, path, bob, ApiClient.Form(("title", "Mine now"))), HttpStatusCode.NotFound);
        }

        var stored = await SendAsync(client, HttpMethod.Get, "/api/v1/lists", alice);
        Assert.Equal("Friends", Assert.Single(stored.EnumerateArray()).GetProperty("title").GetString());
        Assert.Empty((await SendAsync(client, HttpMethod.Get, "/api/v1/lists", bob)).EnumerateArray());
    }

    [Fact]
    public async Task A_user_keeps_at_most_fifty_lists()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        for (var i = 0; i < 50; i++)
        {
            await CreateListAsync(client, token, ("title", $"List {i}"));
        }

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/lists", token, ApiClient.Form(("title", "One more"))), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(50, (await SendAsync(client, HttpMethod.Get, "/api/v1/lists", token)).GetArrayLength());
    }

    [Fact]
    public async Task Only_followed_accounts_can_be_added_and_members_are_paged()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave").Follow("alice", "bob").Follow("alice", "carol").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var list = await CreateListAsync(client, token, ("title", "Friends"));
        var (bob, carol, dave) = (world.Id("bob").ToString(), world.Id("carol").ToString(), world.Id("dave").ToString());
        var members = $"/api/v1/lists/{list}/accounts";

        Assert.Equal("{}", (await SendAsync(client, HttpMethod.Post, members, token, ApiClient.Form(("account_ids[]", bob)))).GetRawText());
        await SendAsync(client, HttpMethod.Post, members, token, ApiClient.Json(new { account_ids = new[] { carol } }));
        // Not followed, already listed, unknown, not an id: refused, and nothing of the request is kept.
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, members, token, ApiClient.Form(("account_ids[]", dave))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, members, token, ApiClient.Form(("account_ids[]", bob))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, members, token, ApiClient.Form(("account_ids[]", "999999"))), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, members, token, ApiClient.Form(("account_ids[]", "bob"))), HttpStatusCode.NotFound);

        var all = await ApiPage.GetAsync(client, members, token);
        Assert.Equal([carol, bob], all.Ids);
        Assert.Equal("carol", all.Items[0].GetProperty("username").GetString());
        Assert.Null(all.Next);
        var first = await ApiPage.GetAsync(client, members + "?limit=1", token);
        Assert.Equal([carol], first.Ids);
        Assert.Equal([bob], (await ApiPage.GetAsync(client, first.Next!, token)).Ids);
        var unpaged = await ApiPage.GetAsync(client, members + "?limit=0", token);
        Assert.Equal([carol, bob], unpaged.Ids);
        Assert.Null(unpaged.Prev);

        var bobsLists = await SendAsync(client, HttpMethod.Get, $"/api/v1/accounts/{bob}/lists", token);
        Assert.Equal([list], bobsLists.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Empty((await SendAsync(client, HttpMethod.Get, $"/api/v1/accounts/{dave}/lists", token)).EnumerateArray());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/999999/lists", token), HttpStatusCode.NotFound);

        Assert.Equal("{}", (await SendAsync(client, HttpMethod.Delete, members, token, ApiClient.Form(("account_ids[]", bob), ("account_ids[]", dave)))).GetRawText());
        Assert.Equal([carol], (await ApiPage.GetAsync(client, members, token)).Ids);
        await SendAsync(client, HttpMethod.Delete, members + $"?account_ids[]={carol}", token);
        Assert.Empty((await ApiPage.GetAsync(client, members, token)).Ids);
    }

    [Fact]
    public async Task Unfollowing_or_blocking_takes_the_account_off_the_owners_lists()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Follow("alice", "bob").Follow("alice", "carol").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var list = await CreateListAsync(client, token, ("title", "Friends"));
        await SendAsync(client, HttpMethod.Post, $"/api/v1/lists/{list}/accounts", token, ApiClient.Form(("account_ids[]", world.Id("bob").ToString()), ("account_ids[]", world.Id("carol").ToString())));

        await app.UseAsync<Starling.Server.Features.Relationships.FollowAccount>(f => f.UnfollowAsync(world.Id("alice"), world.Id("bob")));
        await app.UseAsync<Starling.Server.Features.Relationships.BlockAccount>(b => b.BlockAsync(world.Id("carol"), world.Id("alice")));

        Assert.Empty((await ApiPage.GetAsync(client, $"/api/v1/lists/{list}/accounts", token)).Ids);
        Assert.Equal(0, await app.DbAsync(db => db.ListMembers.CountAsync()));
    }

    public sealed class Sqlite() : ListsEndpointsTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ListsEndpointsTests(TestDatabase.Postgres);
}
