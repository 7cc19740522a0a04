using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Trends;

/// <summary>Trending hashtags (by people using them this week), statuses (by this week's favourites and boosts) and links (none).</summary>
public abstract class TrendsApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<(JsonElement Json, HttpResponseMessage Response)> GetAsync(ApiClient client, string path, string? token = null)
    {
        var response = await client.GetAsync(path, token);
        return (await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK), response);
    }

    private static IEnumerable<string?> Names(JsonElement tags) => tags.EnumerateArray().Select(t => t.GetProperty("name").GetString());

    [Fact]
    public async Task Hashtags_rank_by_how_many_people_used_them_this_week()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice", "bob", "carol")
            .Post("old", "alice", "#Ancient #ancient #ancient")
            .Wait(TimeSpan.FromDays(8))
            .Post("a1", "alice", "#Birds and #cats")
            .Post("a2", "alice", "More #cats, more #cats")
            .Post("a3", "alice", "Even more #cats")
            .Post("b1", "bob", "#birds too")
            .Post("c1", "carol", "#Birds everywhere", Visibility.Unlisted)
            .Post("c2", "carol", "Private #dogs", Visibility.Private)
            .BuildAsync();
        using var client = new ApiClient(app);

        var (tags, _) = await GetAsync(client, "/api/v1/trends/tags");
        var (old, _) = await GetAsync(client, "/api/v1/trends");

        Assert.Equal(["Birds", "cats"], Names(tags));
        var birds = tags[0].GetProperty("history")[0];
        Assert.Equal(("3", "3"), (birds.GetProperty("accounts").GetString(), birds.GetProperty("uses").GetString()));
        Assert.Equal(tags.GetRawText(), old.GetRawText());
        GoldenJson.AssertMatches(tags.GetRawText(), "TrendingTags.json");
    }

    [Fact]
    public async Task Hashtags_page_by_offset_with_a_link_header()
    {
        var app = await StartAsync();
        await app.World().Users("alice").Post("p", "alice", "#one #two #three").BuildAsync();
        using var client = new ApiClient(app);

        var (first, firstResponse) = await GetAsync(client, "/api/v1/trends/tags?limit=2");
        var (second, secondResponse) = await GetAsync(client, "/api/v1/trends/tags?limit=2&offset=2");

        Assert.Equal(2, first.GetArrayLength());
        Assert.Equal(1, second.GetArrayLength());
        Assert.Equal("<https://starling.test/api/v1/trends/tags?limit=2&offset=2>; rel=\"next\"", string.Join(", ", firstResponse.Headers.GetValues("Link")));
        Assert.Equal("<https://starling.test/api/v1/trends/tags?limit=2&offset=0>; rel=\"prev\"", string.Join(", ", secondResponse.Headers.GetValues("Link")));
        Assert.DoesNotContain(Names(first).First(), Names(second));
    }

    [Fact]
    public async Task Statuses_rank_by_favourites_and_boosts_this_week_among_recent_public_local_posts()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob", "carol", "dave")
            .Post("stale", "alice", "Old news")
            .Favourite("bob", "stale").Favourite("carol", "stale").Favourite("dave", "stale")
            .Wait(TimeSpan.FromDays(8))
            .Post("liked", "alice", "Liked once")
            .Post("popular", "bob", "Everyone loves this")
            .Post("quiet", "carol", "Nobody noticed")
            .Post("private", "alice", "Followers only", Visibility.Private)
            .Favourite("alice", "popular").Boost("carol_boost", "carol", "popular").Favourite("dave", "popular")
            .Favourite("bob", "liked")
            .Favourite("alice", "private")
            .BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("dave", "read");

        var (statuses, _) = await GetAsync(client, "/api/v1/trends/statuses", token);
        var (anonymous, _) = await GetAsync(client, "/api/v1/trends/statuses?limit=1");

        Assert.Equal(new[] { world.Status("popular").Id, world.Status("liked").Id }.Select(id => id.ToString()),
            statuses.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.True(statuses[0].GetProperty("favourited").GetBoolean());
        Assert.Equal("[]", statuses[0].GetProperty("filtered").GetRawText());
        Assert.Equal(world.Status("popular").Id.ToString(), Assert.Single(anonymous.EnumerateArray()).GetProperty("id").GetString());
        Assert.False(anonymous[0].TryGetProperty("favourited", out _));
    }

    [Fact]
    public async Task Muted_authors_do_not_trend_for_the_muter()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Post("post", "alice", "Hot take").Favourite("bob", "post").Mute("carol", "alice").BuildAsync();
        using var client = new ApiClient(app);

        var (forCarol, _) = await GetAsync(client, "/api/v1/trends/statuses", await client.UserTokenAsync("carol", "read"));
        var (forBob, _) = await GetAsync(client, "/api/v1/trends/statuses", await client.UserTokenAsync("bob", "read"));

        Assert.Equal("[]", forCarol.GetRawText());
        Assert.Equal(world.Status("post").Id.ToString(), Assert.Single(forBob.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Links_are_an_empty_list_and_a_bad_token_is_refused()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        var (links, _) = await GetAsync(client, "/api/v1/trends/links");

        Assert.Equal("[]", links.GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/trends/tags", "made-up"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/trends/tags?offset=-1"), HttpStatusCode.UnprocessableEntity);
    }

    public sealed class Sqlite() : TrendsApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TrendsApiTests(TestDatabase.Postgres);
}
