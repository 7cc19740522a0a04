using System.Net;
using System.Text.Json;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Api.Streaming;

namespace Starling.Server.Tests.Api.Filters;

/// <summary>
/// A reader's filters reach every place the API shows statuses, as Mastodon's <c>filtered</c>: timelines, a single
/// status and its thread, profiles, bookmarks, notifications, conversations, the answer to an action, and the streams.
/// Every active filter is matched whatever the list, and the client decides by each filter's context.
/// </summary>
public abstract class FilteredResultsApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Filter> AddFilterAsync(TestInstance app, long accountId, string title, FilterContexts contexts, string keyword) =>
        app.UseAsync<ManageFilters, Filter>(manage => manage.CreateAsync(accountId, new FilterChanges
        {
            Title = title,
            Contexts = contexts,
            Keywords = [new KeywordChange(null, keyword, WholeWord: true)],
        }));

    /// <summary>The titles of the filters a rendered status matched; fails when the status carries no <c>filtered</c>.</summary>
    private static string[] FilterTitles(JsonElement status) =>
        status.GetProperty("filtered").EnumerateArray().Select(r => r.GetProperty("filter").GetProperty("title").GetString()!).ToArray();

    private static JsonElement StatusIn(JsonElement list, long statusId) =>
        list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == statusId.ToString());

    [Fact]
    public async Task Timelines_threads_profiles_and_bookmarks_carry_the_readers_matches_whatever_the_filters_context()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice")
            .Post("spoiler", "alice", "The butler did it #mystery")
            .Post("clean", "alice", "Nothing to see here #mystery")
            .Bookmark("bob", "spoiler")
            .BuildAsync();
        // A filter for notifications only still shows on home: Mastodon sends every active filter and the app chooses.
        await AddFilterAsync(app, world.Id("bob"), "Spoilers", FilterContexts.Notifications, "butler");
        await app.DrainJobsAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        var spoiler = world.Status("spoiler").Id;
        var clean = world.Status("clean").Id;

        foreach (var path in new[] { "/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/mystery",
                     $"/api/v1/accounts/{world.Id("alice")}/statuses", "/api/v1/bookmarks" })
        {
            var list = await ApiClient.ReadJsonAsync(await client.GetAsync(path, bob), HttpStatusCode.OK);
            Assert.Equal(["Spoilers"], FilterTitles(StatusIn(list, spoiler)));
            var result = StatusIn(list, spoiler).GetProperty("filtered")[0];
            Assert.Equal(["butler"], result.GetProperty("keyword_matches").EnumerateArray().Select(k => k.GetString()));
            Assert.Equal(["notifications"], result.GetProperty("filter").GetProperty("context").EnumerateArray().Select(k => k.GetString()));
            if (path != "/api/v1/bookmarks")
            {
                Assert.Empty(FilterTitles(StatusIn(list, clean)));
            }
        }

        var single = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/statuses/{spoiler}", bob), HttpStatusCode.OK);
        Assert.Equal(["Spoilers"], FilterTitles(single));
        // The answer to an action is the status as the reader sees it, matches included, so an app's cache stays right.
        var favourited = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/statuses/{spoiler}/favourite", bob), HttpStatusCode.OK);
        Assert.Equal(["Spoilers"], FilterTitles(favourited));

        // Anonymous readers have no filters, and no "filtered" at all.
        var anonymous = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/timelines/public"), HttpStatusCode.OK);
        Assert.False(StatusIn(anonymous, spoiler).TryGetProperty("filtered", out _));
    }

    [Fact]
    public async Task A_threads_ancestors_and_descendants_carry_the_readers_matches()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("root", "alice", "Who did it?")
            .Post("answer", "carol", "The butler, obviously", replyTo: "root")
            .Post("middle", "bob", "Any guesses?", replyTo: "root")
            .BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Spoilers", FilterContexts.Thread, "butler");
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");

        var context = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/statuses/{world.Status("root").Id}/context", bob), HttpStatusCode.OK);

        var descendants = context.GetProperty("descendants");
        Assert.Equal(["Spoilers"], FilterTitles(StatusIn(descendants, world.Status("answer").Id)));
        // The reader's own posts are never filtered.
        Assert.Empty(FilterTitles(StatusIn(descendants, world.Status("middle").Id)));
    }

    [Fact]
    public async Task Notifications_and_conversations_carry_the_matches_of_the_status_they_show()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Spoilers", FilterContexts.Home, "butler");
        await app.UseAsync<CreateStatus, Status>(create => create.CreateAsync(world.Id("alice"),
            new StatusDraft("@bob the butler did it", Visibility: Visibility.Direct)));
        await app.DrainJobsAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");

        var notifications = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/notifications", bob), HttpStatusCode.OK);
        var mention = notifications.EnumerateArray().Single();
        Assert.Equal("mention", mention.GetProperty("type").GetString());
        Assert.Equal(["Spoilers"], FilterTitles(mention.GetProperty("status")));
        var one = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/notifications/{mention.GetProperty("id").GetString()}", bob), HttpStatusCode.OK);
        Assert.Equal(["Spoilers"], FilterTitles(one.GetProperty("status")));

        var conversations = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/conversations", bob), HttpStatusCode.OK);
        Assert.Equal(["Spoilers"], FilterTitles(conversations.EnumerateArray().Single().GetProperty("last_status")));
    }

    [Fact]
    public async Task A_streamed_update_carries_the_readers_matches_and_a_filter_change_sends_filters_changed()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");
        await using var socket = await StreamSocket.ConnectAsync(app, bob, "?stream=user");

        var filter = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/filters", bob, ApiClient.Form(
            ("title", "Spoilers"), ("context[]", "home"), ("keywords_attributes[][keyword]", "butler"))), HttpStatusCode.OK);
        Assert.Equal("filters_changed", (await socket.ReceiveAsync()).Event());

        var status = await app.UseAsync<CreateStatus, Status>(create => create.CreateAsync(world.Id("alice"), new StatusDraft("The butler did it")));
        await app.DrainJobsAsync();
        var update = await socket.ReceiveAsync();
        Assert.True(update.IsUpdateOf(status.Id));
        Assert.Equal(["Spoilers"], FilterTitles(update.Payload()));

        // A keyword added through its own endpoint changes the filter too.
        await client.SendAsync(HttpMethod.Post, $"/api/v2/filters/{filter.GetProperty("id").GetString()}/keywords", bob, ApiClient.Form(("keyword", "gardener")));
        Assert.Equal("filters_changed", (await socket.ReceiveAsync()).Event());
    }

    public sealed class Sqlite() : FilteredResultsApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FilteredResultsApiTests(TestDatabase.Postgres);
}
