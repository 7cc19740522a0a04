using System.Net;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary>Bookmarks and favourites list statuses in the order they were marked and page by the mark, as Mastodon does.</summary>
public abstract class ViewerListTests(TestDatabase database) : IntegrationTest(database)
{
    [Theory]
    [InlineData("bookmarks")]
    [InlineData("favourites")]
    public async Task Marked_statuses_come_newest_mark_first_and_page_by_the_mark(string list)
    {
        var app = await StartAsync();
        // Marked in another order than posted: the list follows the marks.
        var world = await app.World().Users("alice", "bob")
            .Post("first", "alice", "First").Post("second", "alice", "Second").Post("third", "alice", "Third")
            .Favourite("bob", "second").Bookmark("bob", "second")
            .Favourite("bob", "first").Bookmark("bob", "first")
            .Favourite("bob", "third").Bookmark("bob", "third")
            .BuildAsync();
        using var client = new ApiClient(app);
        var bob = await app.TokenAsync("bob");
        var path = $"/api/v1/{list}";

        using var first = await client.GetAsync(path + "?limit=2", bob);
        var page = await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK);
        var links = first.Links();

        Assert.Equal([world.StatusId("third"), world.StatusId("first")], page.Ids());
        Assert.True(page[0].GetProperty(list == "bookmarks" ? "bookmarked" : "favourited").GetBoolean());
        Assert.DoesNotContain(world.StatusId("first"), links["next"]);
        Assert.Equal([world.StatusId("second")], (await client.GetJsonAsync(links["next"], bob)).Ids());
        Assert.Empty((await client.GetJsonAsync(links["prev"], bob)).Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync(path), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync(path, await app.TokenAsync("bob", "read:statuses")), HttpStatusCode.Forbidden);
        Assert.Equal(3, (await client.GetJsonAsync(path, await app.TokenAsync("bob", $"read:{list}"))).GetArrayLength());
    }

    public sealed class Sqlite() : ViewerListTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ViewerListTests(TestDatabase.Postgres);
}
