using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Tags;

/// <summary>Hashtags on their own, following them, and the list of followed hashtags.</summary>
public abstract class TagsApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> PostAsync(ApiClient client, string path, string token) =>
        await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, path, token), HttpStatusCode.OK);

    [Fact]
    public async Task A_hashtag_shows_its_week_and_whether_the_reader_follows_it()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice", "bob").Post("p", "alice", "Hello #StarlingDev").BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob", "read write");

        var anonymous = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/tags/starlingdev"), HttpStatusCode.OK);
        var followed = await PostAsync(client, "/api/v1/tags/StarlingDev/follow", bob);
        var shown = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/tags/STARLINGDEV", bob), HttpStatusCode.OK);

        Assert.False(anonymous.TryGetProperty("following", out _));
        GoldenJson.AssertMatches(followed.GetRawText(), "Tag.json");
        Assert.Equal(followed.GetRawText(), shown.GetRawText());
        Assert.Equal("1", shown.GetProperty("history")[0].GetProperty("uses").GetString());
    }

    [Fact]
    public async Task A_hashtag_nobody_used_is_shown_and_followed_and_both_directions_are_idempotent()
    {
        var app = await StartAsync();
        await app.World().Users("bob").BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob", "read write");

        var unknown = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/tags/NewThing", bob), HttpStatusCode.OK);
        var first = await PostAsync(client, "/api/v1/tags/NewThing/follow", bob);
        var second = await PostAsync(client, "/api/v1/tags/newthing/follow", bob);
        var unfollowed = await PostAsync(client, "/api/v1/tags/newthing/unfollow", bob);
        var again = await PostAsync(client, "/api/v1/tags/newthing/unfollow", bob);
        var never = await PostAsync(client, "/api/v1/tags/NeverUsed/unfollow", bob);

        Assert.Equal(("", "NewThing", false), (unknown.GetProperty("id").GetString(), unknown.GetProperty("name").GetString(), unknown.GetProperty("following").GetBoolean()));
        Assert.Equal(7, unknown.GetProperty("history").GetArrayLength());
        Assert.NotEqual("", first.GetProperty("id").GetString());
        Assert.Equal((true, true), (first.GetProperty("following").GetBoolean(), second.GetProperty("following").GetBoolean()));
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal((false, false, false), (unfollowed.GetProperty("following").GetBoolean(), again.GetProperty("following").GetBoolean(), never.GetProperty("following").GetBoolean()));
        Assert.Equal(1, await app.DbAsync(db => db.Tags.CountAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.TagFollows.CountAsync()));
    }

    [Fact]
    public async Task Followed_hashtags_are_listed_newest_first_with_paging_links()
    {
        var app = await StartAsync();
        await app.World().Users("bob").BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob", "read write");
        foreach (var tag in new[] { "one", "two", "three" })
        {
            await PostAsync(client, $"/api/v1/tags/{tag}/follow", bob);
        }

        var firstResponse = await client.GetAsync("/api/v1/followed_tags?limit=2", bob);
        var first = await ApiClient.ReadJsonAsync(firstResponse, HttpStatusCode.OK);
        var next = firstResponse.Headers.GetValues("Link").Single().Split(", ")[0];
        var nextUrl = next[1..next.IndexOf('>')].Replace("https://starling.test", "");
        var second = await ApiClient.ReadJsonAsync(await client.GetAsync(nextUrl, bob), HttpStatusCode.OK);

        Assert.Equal(["three", "two"], first.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.All(first.EnumerateArray(), t => Assert.True(t.GetProperty("following").GetBoolean()));
        Assert.EndsWith("rel=\"next\"", next);
        Assert.Equal(["one"], second.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Following_through_the_api_brings_tagged_posts_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        await PostAsync(client, "/api/v1/tags/birds/follow", await client.UserTokenAsync("bob", "write:follows"));

        world = await app.World().Users("carol").Post("tagged", "carol", "Spotted some #Birds").BuildAsync();

        Assert.True(await app.DbAsync(db => db.HomeFeed.AnyAsync(e => e.StatusId == world.Status("tagged").Id && e.AccountId != world.Id("carol"))));
    }

    [Fact]
    public async Task Bad_names_scopes_and_tokens_are_refused()
    {
        var app = await StartAsync();
        await app.World().Users("bob").BuildAsync();
        using var client = new ApiClient(app);
        var readOnly = await client.UserTokenAsync("bob", "read");
        var writer = await client.UserTokenAsync("bob", "write:follows");

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/tags/not%20a%20tag"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/tags/123"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/tags/bad-name/follow", writer), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/tags/birds/follow"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/tags/birds/follow", readOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/followed_tags", writer), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/followed_tags"), HttpStatusCode.Unauthorized);
        Assert.Equal(0, await app.DbAsync(db => db.TagFollows.CountAsync()));
    }

    public sealed class Sqlite() : TagsApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TagsApiTests(TestDatabase.Postgres);
}
