using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Notifications;

/// <summary>Notifications over HTTP: the list and its filters, one by id, dismissing, and the unread count from the marker.</summary>
public abstract class NotificationsEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    /// <summary>alice hears of, oldest first: bob's follow, carol's mention, bob's favourite, carol's boost.</summary>
    private async Task<(TestInstance App, World World, ApiClient Client, string Token)> ArrangeAsync()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "Hello #starling")
            .Follow("bob", "alice")
            .Post("mention", "carol", "Hey @alice")
            .Favourite("bob", "post")
            .Boost("boost", "carol", "post")
            .BuildAsync();
        var client = new ApiClient(app);
        return (app, world, client, await client.UserTokenAsync("alice"));
    }

    private static IReadOnlyList<string> Types(ApiPage page) => page.Items.Select(n => n.GetProperty("type").GetString()!).ToList();

    [Fact]
    public async Task Notifications_are_listed_newest_first_as_Mastodon_sends_them()
    {
        var (_, _, client, token) = await ArrangeAsync();
        using var _client = client;

        var page = await ApiPage.GetAsync(client, "/api/v1/notifications", token);

        Assert.Equal(["reblog", "favourite", "mention", "follow"], Types(page));
        GoldenJson.AssertMatches(page.Body, "Notifications.json", [TestInstance.Domain]);
        Assert.Null(page.Next);
        Assert.Equal($"/api/v1/notifications?min_id={page.Ids[0]}", page.Prev);

        var first = await ApiPage.GetAsync(client, "/api/v1/notifications?limit=3", token);
        Assert.Equal(page.Ids.Take(3), first.Ids);
        var rest = await ApiPage.GetAsync(client, first.Next!, token);
        Assert.Equal(page.Ids.Skip(3), rest.Ids);
        Assert.Equal(first.Ids, (await ApiPage.GetAsync(client, rest.Prev!, token)).Ids);
    }

    [Fact]
    public async Task Types_excluded_types_and_account_id_narrow_the_list_and_the_paging_links_keep_them()
    {
        var (_, world, client, token) = await ArrangeAsync();
        using var _client = client;
        async Task<IReadOnlyList<string>> TypesOf(string query) => Types(await ApiPage.GetAsync(client, "/api/v1/notifications" + query, token));

        Assert.Equal(["follow"], await TypesOf("?types[]=follow"));
        Assert.Equal(["favourite", "mention"], await TypesOf("?types[]=mention&types[]=favourite"));
        Assert.Equal(["favourite", "mention"], await TypesOf("?exclude_types[]=follow&exclude_types[]=reblog&exclude_types[]=poll"));
        Assert.Equal(["favourite", "follow"], await TypesOf($"?account_id={world.Id("bob")}"));
        Assert.Equal(["reblog"], await TypesOf($"?account_id={world.Id("carol")}&types[]=reblog&types[]=follow"));
        Assert.Empty(await TypesOf("?types[]=poll"));
        Assert.Equal(4, (await TypesOf("?types[]=")).Count);

        var page = await ApiPage.GetAsync(client, "/api/v1/notifications?types[]=mention&types[]=follow&limit=1", token);
        Assert.Equal(["mention"], Types(page));
        Assert.Equal(["follow"], Types(await ApiPage.GetAsync(client, page.Next!, token)));

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/notifications?account_id=bob", token), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task One_notification_is_shown_to_its_owner_only()
    {
        var (_, _, client, token) = await ArrangeAsync();
        using var _client = client;
        var newest = (await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Items[0];
        var id = newest.GetProperty("id").GetString();
        var bob = await client.UserTokenAsync("bob");

        var one = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/notifications/{id}", token), HttpStatusCode.OK);

        Assert.Equal(newest.GetRawText(), one.GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/notifications/{id}", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/notifications/nope", token), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/notifications/123", token), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_notification_about_a_deleted_status_is_left_out_but_the_page_still_pages()
    {
        var (app, world, client, token) = await ArrangeAsync();
        using var _client = client;
        var mentionNotification = (await ApiPage.GetAsync(client, "/api/v1/notifications?types[]=mention", token)).Ids[0];
        await app.UseAsync<Starling.Server.Features.Statuses.DeleteStatus, Status>(d => d.DeleteAsync(world.Id("carol"), world.Status("mention").Id));

        Assert.Equal(["reblog", "favourite", "follow"], Types(await ApiPage.GetAsync(client, "/api/v1/notifications", token)));
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/notifications/{mentionNotification}", token), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dismissing_removes_one_and_clearing_removes_all_of_the_users_own()
    {
        var (_, _, client, token) = await ArrangeAsync();
        using var _client = client;
        var ids = (await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Ids;
        var bob = await client.UserTokenAsync("bob");
        var readOnly = await client.UserTokenAsync("alice", "read");

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{ids[1]}/dismiss", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{ids[1]}/dismiss", readOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/notifications/clear", readOnly), HttpStatusCode.Forbidden);
        Assert.Equal(ids, (await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Ids);

        var dismissed = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{ids[1]}/dismiss", token), HttpStatusCode.OK);
        Assert.Equal("{}", dismissed.GetRawText());
        Assert.Equal([ids[0], ids[2], ids[3]], (await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Ids);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{ids[1]}/dismiss", token), HttpStatusCode.NotFound);

        var cleared = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/notifications/clear", token), HttpStatusCode.OK);
        Assert.Equal("{}", cleared.GetRawText());
        Assert.Empty((await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Ids);
    }

    [Fact]
    public async Task The_unread_count_is_what_lies_beyond_the_notifications_marker()
    {
        var (_, _, client, token) = await ArrangeAsync();
        using var _client = client;
        async Task<int> CountAsync(string query = "") =>
            (await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/notifications/unread_count" + query, token), HttpStatusCode.OK)).GetProperty("count").GetInt32();
        var ids = (await ApiPage.GetAsync(client, "/api/v1/notifications", token)).Ids;

        Assert.Equal(4, await CountAsync());
        Assert.Equal(2, await CountAsync("?limit=2"));
        Assert.Equal(1, await CountAsync("?types[]=follow"));
        Assert.Equal(3, await CountAsync("?exclude_types[]=follow"));

        using var saved = await client.SendAsync(HttpMethod.Post, "/api/v1/markers", token, ApiClient.Form(("notifications[last_read_id]", ids[2])));
        await ApiClient.ReadJsonAsync(saved, HttpStatusCode.OK);

        Assert.Equal(2, await CountAsync());
        Assert.Equal(0, await CountAsync("?types[]=follow"));
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/notifications/unread_count", await client.UserTokenAsync("alice", "read:statuses")), HttpStatusCode.Forbidden);
    }

    public sealed class Sqlite() : NotificationsEndpointsTests(TestDatabase.Sqlite);
    public sealed class Postgres() : NotificationsEndpointsTests(TestDatabase.Postgres);
}
