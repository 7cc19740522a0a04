using System.Net;
using Starling.Server.Tests.Api.Entities;

namespace Starling.Server.Tests.Api.Timelines;

/// <summary>Home, public and hashtag timelines over HTTP: their JSON, Mastodon's paging semantics, the Link header, and errors.</summary>
public abstract class TimelinesEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    private static string Id(World world, string status) => world.Status(status).Id.ToString();

    private static List<string> Ids(World world, params string[] statuses) => statuses.Select(s => Id(world, s)).ToList();

    [Fact]
    public async Task Home_shows_the_readers_feed_newest_first_as_Mastodon_statuses_with_a_link_header()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Standard()
            .Boost("carol_boost", "carol", "alice_public")
            .Favourite("carol", "alice_public")
            .BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("carol");

        var page = await ApiPage.GetAsync(client, "/api/v1/timelines/home?limit=3", token);

        Assert.Equal(Ids(world, "carol_boost", "bob_reply", "alice_followers"), page.Ids);
        GoldenJson.AssertMatches(page.Body, "Home.json", [TestInstance.Domain]);
        Assert.Equal($"/api/v1/timelines/home?limit=3&max_id={Id(world, "alice_followers")}", page.Next);
        Assert.Equal($"/api/v1/timelines/home?limit=3&min_id={Id(world, "carol_boost")}", page.Prev);
    }

    [Fact]
    public async Task Paging_follows_Mastodon_max_id_since_id_and_min_id()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice");
        for (var i = 0; i < 7; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}");
        }
        var world = await builder.BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        Task<ApiPage> Read(string query) => ApiPage.GetAsync(client, "/api/v1/timelines/home" + query, token);

        var everything = await Read("");
        Assert.Equal(Ids(world, "p6", "p5", "p4", "p3", "p2", "p1", "p0"), everything.Ids);
        Assert.Null(everything.Next); // Not a full page: nothing older.
        Assert.NotNull(everything.Prev);

        var first = await Read("?limit=3");
        Assert.Equal(Ids(world, "p6", "p5", "p4"), first.Ids);
        var second = await Read(first.Next![first.Next!.IndexOf('?')..]);
        Assert.Equal(Ids(world, "p3", "p2", "p1"), second.Ids);
        var last = await ApiPage.GetAsync(client, second.Next!, token);
        Assert.Equal(Ids(world, "p0"), last.Ids);
        Assert.Null(last.Next);
        // "prev" from the second page leads back to exactly the first.
        Assert.Equal(first.Ids, (await ApiPage.GetAsync(client, second.Prev!, token)).Ids);

        // since_id: the newest above the bound; min_id: the ones just above it, still shown newest first.
        Assert.Equal(Ids(world, "p6", "p5"), (await Read($"?since_id={Id(world, "p2")}&limit=2")).Ids);
        Assert.Equal(Ids(world, "p4", "p3"), (await Read($"?min_id={Id(world, "p2")}&limit=2")).Ids);
        Assert.Equal(Ids(world, "p4", "p3", "p2"), (await Read($"?min_id={Id(world, "p1")}&max_id={Id(world, "p5")}")).Ids);
        Assert.Empty((await Read($"?min_id={Id(world, "p6")}")).Ids);
        Assert.Null((await Read($"?min_id={Id(world, "p6")}")).Prev);
    }

    [Fact]
    public async Task Limit_defaults_to_20_and_is_capped_at_40()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice");
        for (var i = 0; i < 41; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}");
        }
        await builder.BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");

        Assert.Equal(20, (await ApiPage.GetAsync(client, "/api/v1/timelines/home", token)).Ids.Count);
        var capped = await ApiPage.GetAsync(client, "/api/v1/timelines/home?limit=100", token);
        Assert.Equal(40, capped.Ids.Count);
        Assert.NotNull(capped.Next);
        Assert.Single((await ApiPage.GetAsync(client, "/api/v1/timelines/public?limit=0", token)).Ids);
    }

    [Fact]
    public async Task Home_needs_a_user_token_with_read_statuses_and_paging_ids_must_be_ids()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var writeOnly = await client.UserTokenAsync("alice", "write");
        var registered = await client.RegisterAsync();
        using var grant = await client.TokenAsync(registered, ("grant_type", "client_credentials"));
        var appToken = (await ApiClient.ReadJsonAsync(grant, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        var token = await client.UserTokenAsync("alice", "read:statuses");

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home"), HttpStatusCode.Unauthorized, "The access token is invalid");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home", "not-a-token"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home", writeOnly), HttpStatusCode.Forbidden, "This action is outside the authorized scopes");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home", appToken), HttpStatusCode.UnprocessableEntity, "This method requires an authenticated user");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home?max_id=abc", token), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/timelines/home?limit=many", token), HttpStatusCode.UnprocessableEntity);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/timelines/home", token), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Public_timeline_is_open_to_anyone_and_can_be_narrowed_to_local_or_remote_posts()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice")
            .Post("first", "alice", "Hello")
            .Post("quiet", "alice", "Unlisted", Visibility.Unlisted)
            .Post("friends", "alice", "Followers only", Visibility.Private)
            .Post("reply", "bob", "@alice hi", replyTo: "first")
            .Post("thread", "alice", "More from me", replyTo: "first")
            .Boost("boost", "bob", "first")
            .BuildAsync();
        var remote = await RemoteAccounts.AddAsync(app, "zoe", "elsewhere.example");
        var remotePost = (await RemoteAccounts.PostAsync(app, remote, "<p>From afar</p>")).Id.ToString();
        using var client = new ApiClient(app);
        Task<IReadOnlyList<string>> Read(string query, string? token = null) =>
            ApiPage.GetAsync(client, "/api/v1/timelines/public" + query, token).ContinueWith(t => t.Result.Ids);

        Assert.Equal([remotePost, .. Ids(world, "thread", "first")], await Read(""));
        Assert.Equal(Ids(world, "thread", "first"), await Read("?local=true"));
        Assert.Equal([remotePost], await Read("?remote=1"));
        Assert.Equal([remotePost, .. Ids(world, "thread", "first")], await Read("?local=true&remote=true"));
        Assert.Empty(await Read("?only_media=true"));

        // An anonymous reader gets no viewer flags; a signed-in one does, and sees what they mute hidden.
        var anonymous = await ApiPage.GetAsync(client, "/api/v1/timelines/public?local=true", null);
        Assert.False(anonymous.Items[0].Has("favourited"));
        await app.UseAsync<Starling.Server.Features.Relationships.MuteAccount>(m => m.MuteAsync(world.Id("bob"), world.Id("alice")));
        Assert.Equal([remotePost], await Read("", await client.UserTokenAsync("bob")));
    }

    [Fact]
    public async Task Hashtag_timeline_takes_any_all_and_none_and_keeps_them_in_its_links()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice")
            .Post("cats", "alice", "Just #cats")
            .Post("cats_dogs", "alice", "#Cats and #dogs")
            .Post("dogs", "alice", "Just #dogs")
            .Post("cats_birds", "alice", "#cats and #birds")
            .Post("birds", "alice", "Just #birds")
            .Post("hidden", "alice", "Quiet #cats", Visibility.Unlisted)
            .BuildAsync();
        using var client = new ApiClient(app);
        Task<IReadOnlyList<string>> Read(string path) => ApiPage.GetAsync(client, "/api/v1/timelines/tag/" + path, null).ContinueWith(t => t.Result.Ids);

        Assert.Equal(Ids(world, "cats_birds", "cats_dogs", "cats"), await Read("cats"));
        Assert.Equal(Ids(world, "cats_birds", "cats_dogs", "cats"), await Read("CATS"));
        Assert.Equal(Ids(world, "cats_birds", "dogs", "cats_dogs", "cats"), await Read("cats?any[]=dogs"));
        Assert.Equal(Ids(world, "cats_dogs"), await Read("cats?all[]=dogs"));
        Assert.Equal(Ids(world, "cats_dogs", "cats"), await Read("cats?none[]=birds"));
        Assert.Equal(Ids(world, "birds", "cats_birds", "dogs", "cats_dogs"), await Read("dogs?any[]=birds&any[]=unknown&none[]=unknown"));
        Assert.Empty(await Read("unknown"));
        Assert.Empty(await Read("cats?all[]=unknown"));
        Assert.Empty(await Read("cats?only_media=true"));

        var page = await ApiPage.GetAsync(client, "/api/v1/timelines/tag/cats?any[]=dogs&limit=2", null);
        Assert.Equal(Ids(world, "cats_birds", "dogs"), page.Ids);
        Assert.Equal(Ids(world, "cats_dogs", "cats"), (await ApiPage.GetAsync(client, page.Next!, null)).Ids);
        Assert.Contains("any%5B%5D=dogs", page.Next);
    }

    public sealed class Sqlite() : TimelinesEndpointsTests(TestDatabase.Sqlite);
    public sealed class Postgres() : TimelinesEndpointsTests(TestDatabase.Postgres);
}
