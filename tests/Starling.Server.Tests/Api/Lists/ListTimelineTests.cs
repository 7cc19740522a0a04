using System.Net;

namespace Starling.Server.Tests.Api.Lists;

/// <summary>What a list's timeline shows (its members' posts, replies by its policy) and what an exclusive list takes out of home.</summary>
public abstract class ListTimelineTests(TestDatabase database) : IntegrationTest(database)
{
    private static List<string> Ids(World world, params string[] statuses) => statuses.Select(s => world.Status(s).Id.ToString()).ToList();

    private static async Task<string> CreateListAsync(ApiClient client, string token, string title, params long[] members)
    {
        using var created = await client.SendAsync(HttpMethod.Post, "/api/v1/lists", token, ApiClient.Form(("title", title)));
        var id = (await ApiClient.ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString()!;
        using var added = await client.SendAsync(HttpMethod.Post, $"/api/v1/lists/{id}/accounts", token,
            ApiClient.Form(members.Select(m => ("account_ids[]", (string?)m.ToString())).ToArray()));
        await ApiClient.ReadJsonAsync(added, HttpStatusCode.OK);
        return id;
    }

    private static async Task SetAsync(ApiClient client, string token, string list, string name, string value)
    {
        using var response = await client.SendAsync(HttpMethod.Put, $"/api/v1/lists/{list}", token, ApiClient.Form((name, value)));
        await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_list_shows_what_its_members_post_and_boost_that_the_owner_may_see()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave")
            .Follow("alice", "bob").Follow("alice", "carol").Follow("alice", "dave", showReblogs: false)
            .Post("bob_public", "bob", "Hello")
            .Post("bob_unlisted", "bob", "Quietly", Visibility.Unlisted)
            .Post("bob_private", "bob", "Followers only", Visibility.Private)
            .Post("bob_direct", "bob", "@alice just us", Visibility.Direct)
            .Post("carol_post", "carol", "Not on the list")
            .Boost("bob_boost", "bob", "carol_post")
            .Boost("dave_boost", "dave", "carol_post")
            .Post("dave_post", "dave", "On the list")
            .BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var list = await CreateListAsync(client, token, "Friends", world.Id("bob"), world.Id("dave"));

        var page = await ApiPage.GetAsync(client, $"/api/v1/timelines/list/{list}", token);

        // dave's boosts are turned off for alice, so they stay out, as they do at home; direct messages never show in lists.
        Assert.Equal(Ids(world, "dave_post", "bob_boost", "bob_private", "bob_unlisted", "bob_public"), page.Ids);
        var paged = await ApiPage.GetAsync(client, $"/api/v1/timelines/list/{list}?limit=2", token);
        Assert.Equal(Ids(world, "dave_post", "bob_boost"), paged.Ids);
        Assert.Equal(Ids(world, "bob_private", "bob_unlisted"), (await ApiPage.GetAsync(client, paged.Next!, token)).Ids);

        // Whom the owner mutes is hidden here too.
        await app.UseAsync<Starling.Server.Features.Relationships.MuteAccount>(m => m.MuteAsync(world.Id("alice"), world.Id("dave")));
        Assert.Equal(Ids(world, "bob_boost", "bob_private", "bob_unlisted", "bob_public"), (await ApiPage.GetAsync(client, $"/api/v1/timelines/list/{list}", token)).Ids);
    }

    [Fact]
    public async Task Replies_to_others_show_as_the_lists_replies_policy_says()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave", "erin")
            .Follow("alice", "bob").Follow("alice", "carol").Follow("alice", "dave")
            .Post("alice_post", "alice", "Mine")
            .Post("carol_post", "carol", "Carol's")
            .Post("dave_post", "dave", "Dave's")
            .Post("erin_post", "erin", "Erin's")
            .Post("bob_post", "bob", "Bob's")
            .Post("to_self", "bob", "More from me", replyTo: "bob_post")
            .Post("to_owner", "bob", "@alice yes", replyTo: "alice_post")
            .Post("to_member", "bob", "@carol yes", replyTo: "carol_post")
            .Post("to_followed", "bob", "@dave yes", replyTo: "dave_post")
            .Post("to_stranger", "bob", "@erin yes", replyTo: "erin_post")
            .BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var list = await CreateListAsync(client, token, "Friends", world.Id("bob"), world.Id("carol"));
        async Task<IReadOnlyList<string>> ReadAsync() => (await ApiPage.GetAsync(client, $"/api/v1/timelines/list/{list}", token)).Ids;

        // The default policy is "list".
        Assert.Equal(Ids(world, "to_member", "to_owner", "to_self", "bob_post", "carol_post"), await ReadAsync());
        await SetAsync(client, token, list, "replies_policy", "followed");
        Assert.Equal(Ids(world, "to_followed", "to_member", "to_owner", "to_self", "bob_post", "carol_post"), await ReadAsync());
        await SetAsync(client, token, list, "replies_policy", "none");
        Assert.Equal(Ids(world, "to_owner", "to_self", "bob_post", "carol_post"), await ReadAsync());
    }

    [Fact]
    public async Task An_exclusive_list_takes_its_members_out_of_home_until_it_is_not_exclusive()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "erin")
            .Follow("alice", "bob").Follow("alice", "carol")
            .Post("bob_post", "bob", "Bob's")
            .Post("carol_post", "carol", "Carol's")
            .Post("erin_post", "erin", "Erin's")
            .Boost("bob_boost", "bob", "erin_post")
            .Post("alice_post", "alice", "Mine")
            .BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        async Task<IReadOnlyList<string>> HomeAsync() => (await ApiPage.GetAsync(client, "/api/v1/timelines/home", token)).Ids;
        var everything = Ids(world, "alice_post", "bob_boost", "carol_post", "bob_post");
        Assert.Equal(everything, await HomeAsync());

        var list = await CreateListAsync(client, token, "Bob", world.Id("bob"));
        Assert.Equal(everything, await HomeAsync());
        await SetAsync(client, token, list, "exclusive", "true");
        Assert.Equal(Ids(world, "alice_post", "carol_post"), await HomeAsync());
        Assert.Equal(Ids(world, "bob_boost", "bob_post"), (await ApiPage.GetAsync(client, $"/api/v1/timelines/list/{list}", token)).Ids);

        await SetAsync(client, token, list, "exclusive", "false");
        Assert.Equal(everything, await HomeAsync());
    }

    [Fact]
    public async Task The_list_timeline_needs_read_lists()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        var list = await CreateListAsync(client, token, "Friends", world.Id("bob"));
        var statusesOnly = await client.UserTokenAsync("alice", "read:statuses");

        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/timelines/list/{list}", statusesOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/timelines/list/{list}"), HttpStatusCode.Unauthorized);
        await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/timelines/list/{list}", await client.UserTokenAsync("alice", "read:lists")), HttpStatusCode.OK);
    }

    public sealed class Sqlite() : ListTimelineTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ListTimelineTests(TestDatabase.Postgres);
}
