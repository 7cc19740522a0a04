using System.Net.WebSockets;
using System.Text.Json;
using Starling.Server.Features.Lists;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Streaming;

/// <summary>
/// The streaming WebSocket end to end: events caused by the real use cases (and the jobs they queue, drained by the
/// test) reach the sockets that subscribed, rendered for each reader, and nothing reaches anyone who may not see it.
/// </summary>
public abstract class WebSocketStreamingTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Status> PostAsync(TestInstance app, long authorId, string text, Visibility visibility = Visibility.Public) =>
        app.UseAsync<CreateStatus, Status>(create => create.CreateAsync(authorId, new StatusDraft(text, Visibility: visibility)));

    private static async Task<string> TokenAsync(TestInstance app, string username, string scopes = "read write follow push")
    {
        using var client = new ApiClient(app);
        return await client.UserTokenAsync(username, scopes);
    }

    [Fact]
    public async Task A_followed_accounts_post_reaches_the_user_stream_as_update_once_jobs_drain()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
        await using var bob = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "bob"), "?stream=user");

        var status = await PostAsync(app, world.Id("alice"), "Hello, stream!");
        await app.DrainJobsAsync();
        var message = await bob.ReceiveAsync();

        Assert.Equal(["stream", "event", "payload"], message.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["user"], message.Stream());
        Assert.Equal("update", message.Event());
        var payload = message.Payload();
        Assert.Equal(status.Id.ToString(), payload.GetProperty("id").GetString());
        Assert.Equal("alice", payload.GetProperty("account").GetProperty("acct").GetString());
        Assert.Equal("<p>Hello, stream!</p>", payload.GetProperty("content").GetString());
        // Rendered for bob: a signed-in viewer's flags are there.
        Assert.False(payload.GetProperty("favourited").GetBoolean());
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("filtered").ValueKind);
        GoldenJson.AssertMatches(payload.GetRawText(), "UpdatePayload.json", [TestInstance.Domain]);
    }

    [Fact]
    public async Task Posts_that_a_new_follow_brings_into_the_home_are_history_not_news()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("old", "alice", "Written before bob followed").BuildAsync();
        await using var bob = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "bob"), "?stream=user");

        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("bob"), world.Id("alice")));
        await app.DrainJobsAsync();
        var fresh = await PostAsync(app, world.Id("alice"), "Written after");
        await app.DrainJobsAsync();

        Assert.True(await app.DbAsync(db => db.HomeFeed.AnyAsync(e => e.AccountId == world.Id("bob") && e.StatusId == world.Status("old").Id)));
        Assert.True((await bob.ReceiveAsync()).IsUpdateOf(fresh.Id));
    }

    [Fact]
    public async Task A_favourite_reaches_the_notification_stream_as_notification()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("hello", "alice", "Favourite me").BuildAsync();
        await using var alice = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice"), tokenIn: StreamSocket.TokenIn.Subprotocol);
        await alice.SubscribeAsync(new { type = "subscribe", stream = "user:notification" });

        await app.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(world.Id("bob"), world.Status("hello").Id));
        await app.DrainJobsAsync();
        var message = await alice.ReceiveAsync();

        Assert.Equal(["user:notification"], message.Stream());
        Assert.Equal("notification", message.Event());
        var notification = message.Payload();
        Assert.Equal("favourite", notification.GetProperty("type").GetString());
        Assert.Equal("bob", notification.GetProperty("account").GetProperty("acct").GetString());
        Assert.Equal(world.Status("hello").Id.ToString(), notification.GetProperty("status").GetProperty("id").GetString());
        GoldenJson.AssertMatches(notification.GetRawText(), "NotificationPayload.json", [TestInstance.Domain]);
    }

    [Fact]
    public async Task The_user_stream_carries_notifications_only_for_tokens_that_may_read_them()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        await using var full = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice", "read"), "?stream=user");
        await using var statusesOnly = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice", "read:statuses"), "?stream=user");

        var first = await PostAsync(app, world.Id("alice"), "First");
        await app.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(world.Id("bob"), first.Id));
        await app.DrainJobsAsync();
        var second = await PostAsync(app, world.Id("alice"), "Second");

        Assert.Equal(["update", "notification", "update"], (await full.ReceiveUntilAsync(m => m.IsUpdateOf(second.Id))).Select(m => m.Event()));
        Assert.Equal(["update", "update"], (await statusesOnly.ReceiveUntilAsync(m => m.IsUpdateOf(second.Id))).Select(m => m.Event()));
    }

    [Fact]
    public async Task A_deleted_status_is_announced_to_homes_and_public_streams_by_its_id()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Follow("bob", "alice").BuildAsync();
        await using var bob = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "bob"), "?stream=user");
        await using var carol = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "carol"), "?stream=public:local");
        var status = await PostAsync(app, world.Id("alice"), "Soon gone");
        await app.DrainJobsAsync();
        Assert.True((await bob.ReceiveAsync()).IsUpdateOf(status.Id));
        Assert.True((await carol.ReceiveAsync()).IsUpdateOf(status.Id));

        await app.UseAsync<DeleteStatus>(d => d.DeleteAsync(world.Id("alice"), status.Id));

        foreach (var (socket, stream) in new[] { (bob, "user"), (carol, "public:local") })
        {
            var message = await socket.ReceiveAsync();
            Assert.Equal("delete", message.Event());
            Assert.Equal([stream], message.Stream());
            Assert.Equal(status.Id.ToString(), message.GetProperty("payload").GetString());
        }
    }

    [Fact]
    public async Task Public_streams_take_public_posts_by_locality_and_an_edit_as_status_update()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "carol").BuildAsync();
        await using var carol = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "carol"), "?stream=public:local");
        await carol.SubscribeAsync(new { type = "subscribe", stream = "public" });
        await carol.SubscribeAsync(new { type = "subscribe", stream = "public:remote" });

        var status = await PostAsync(app, world.Id("alice"), "Local news");
        var updates = new[] { await carol.ReceiveAsync(), await carol.ReceiveAsync() };
        Assert.All(updates, m => Assert.True(m.IsUpdateOf(status.Id)));
        // Once for each stream it belongs to, never for the remote one.
        Assert.Equal(["public", "public:local"], updates.Select(m => m.Stream().Single()).Order());

        await app.UseAsync<EditStatus>(e => e.EditAsync(world.Id("alice"), status.Id, "Local news, corrected", null, false));
        var edits = new[] { await carol.ReceiveAsync(), await carol.ReceiveAsync() };
        Assert.All(edits, m => Assert.Equal("status.update", m.Event()));
        Assert.All(edits, m => Assert.Equal("<p>Local news, corrected</p>", m.Payload().GetProperty("content").GetString()));
        Assert.All(edits, m => Assert.NotEqual(JsonValueKind.Null, m.Payload().GetProperty("edited_at").ValueKind));
    }

    [Fact]
    public async Task Hashtag_streams_match_the_tag_in_any_case_and_name_it_as_the_client_did()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "carol").BuildAsync();
        var token = await TokenAsync(app, "carol");
        await using var tag = await StreamSocket.ConnectAsync(app, token);
        await tag.SubscribeAsync(new { type = "subscribe", stream = "hashtag", tag = "Birds" });
        await using var local = await StreamSocket.ConnectAsync(app, token, "?stream=hashtag:local&tag=birds", StreamSocket.TokenIn.Query);

        await PostAsync(app, world.Id("alice"), "Nothing tagged here");
        var tagged = await PostAsync(app, world.Id("alice"), "Spotted a wren #birds");

        var message = await tag.ReceiveAsync();
        Assert.True(message.IsUpdateOf(tagged.Id));
        Assert.Equal(["hashtag", "Birds"], message.Stream());
        var localMessage = await local.ReceiveAsync();
        Assert.True(localMessage.IsUpdateOf(tagged.Id));
        Assert.Equal(["hashtag:local", "birds"], localMessage.Stream());
    }

    [Fact]
    public async Task A_private_status_never_reaches_a_non_followers_streams_but_reaches_a_followers_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("bob", "carol", "dave").Follow("dave", "bob").BuildAsync();
        await using var carol = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "carol"), "?stream=public");
        await carol.SubscribeAsync(new { type = "subscribe", stream = "user" });
        await carol.SubscribeAsync(new { type = "subscribe", stream = "public:local" });
        await carol.SubscribeAsync(new { type = "subscribe", stream = "hashtag", tag = "secret" });
        await using var dave = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "dave"), "?stream=user");

        var secret = await PostAsync(app, world.Id("bob"), "Followers only #secret", Visibility.Private);
        var unlisted = await PostAsync(app, world.Id("bob"), "Quietly public #secret", Visibility.Unlisted);
        await app.DrainJobsAsync();
        var open = await PostAsync(app, world.Id("bob"), "For everyone #secret");

        var seenByCarol = await carol.ReceiveUntilAsync(m => m.IsUpdateOf(open.Id) && m.Stream()[0] == "hashtag");
        Assert.DoesNotContain(seenByCarol, m => m.IsUpdateOf(secret.Id) || m.IsUpdateOf(unlisted.Id));
        Assert.True((await dave.ReceiveAsync()).IsUpdateOf(secret.Id));
    }

    [Fact]
    public async Task Blocks_and_mutes_keep_an_authors_posts_off_the_readers_streams()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "erin", "frank").Block("erin", "bob").Mute("frank", "bob").BuildAsync();
        await using var erin = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "erin"), "?stream=public:local");
        await using var frank = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "frank"), "?stream=public:local");

        var blocked = await PostAsync(app, world.Id("bob"), "You cannot see me");
        var visible = await PostAsync(app, world.Id("alice"), "Everyone sees me");

        Assert.DoesNotContain(await erin.ReceiveUntilAsync(m => m.IsUpdateOf(visible.Id)), m => m.IsUpdateOf(blocked.Id));
        Assert.DoesNotContain(await frank.ReceiveUntilAsync(m => m.IsUpdateOf(visible.Id)), m => m.IsUpdateOf(blocked.Id));
    }

    [Fact]
    public async Task A_direct_message_reaches_its_participants_direct_streams_as_their_conversation()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").BuildAsync();
        await using var alice = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice"), "?stream=direct");
        await using var bob = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "bob"), "?stream=direct");
        await using var carol = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "carol"), "?stream=direct");
        await carol.SubscribeAsync(new { type = "subscribe", stream = "public" });

        var message = await PostAsync(app, world.Id("alice"), "@bob just between us", Visibility.Direct);
        await app.DrainJobsAsync();
        var marker = await PostAsync(app, world.Id("alice"), "Public marker");

        var forBob = await bob.ReceiveAsync();
        Assert.Equal(["direct"], forBob.Stream());
        Assert.Equal("conversation", forBob.Event());
        var conversation = forBob.Payload();
        var bobsConversation = await app.DbAsync(db => db.DirectConversations.SingleAsync(c => c.AccountId == world.Id("bob")));
        Assert.Equal(bobsConversation.Id.ToString(), conversation.GetProperty("id").GetString());
        Assert.True(conversation.GetProperty("unread").GetBoolean());
        Assert.Equal(["alice"], conversation.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("acct").GetString()));
        Assert.Equal(message.Id.ToString(), conversation.GetProperty("last_status").GetProperty("id").GetString());
        // The author's own copy: read, with bob as the other participant.
        var forAlice = (await alice.ReceiveAsync()).Payload();
        Assert.False(forAlice.GetProperty("unread").GetBoolean());
        Assert.Equal(["bob"], forAlice.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("acct").GetString()));
        Assert.DoesNotContain(await carol.ReceiveUntilAsync(m => m.IsUpdateOf(marker.Id)), m => m.Event() == "conversation");
    }

    [Fact]
    public async Task A_list_stream_carries_its_members_posts_to_its_owner_only()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Follow("alice", "bob").Follow("alice", "carol").BuildAsync();
        var list = await app.UseAsync<ManageLists, UserList>(lists => lists.CreateAsync(world.Id("alice"), "Birders"));
        await app.UseAsync<ManageLists>(lists => lists.AddAccountsAsync(world.Id("alice"), list.Id, [world.Id("bob")]));
        await using var alice = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice"), $"?stream=list&list={list.Id}");
        await using var carol = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "carol"));

        await carol.SendAsync(new { type = "subscribe", stream = "list", list = list.Id.ToString() });
        Assert.Equal("""{"error":"Not authorized to stream this list","status":404}""", (await carol.ReceiveAsync()).GetRawText());
        Assert.Contains("404", await StreamSocket.RefusalAsync(app, await TokenAsync(app, "carol"), $"?stream=list&list={list.Id}"));

        await PostAsync(app, world.Id("carol"), "Not on the list");
        var listed = await PostAsync(app, world.Id("bob"), "On the list");
        var update = await alice.ReceiveAsync();
        Assert.True(update.IsUpdateOf(listed.Id));
        Assert.Equal(["list", list.Id.ToString()], update.Stream());

        await app.UseAsync<DeleteStatus>(d => d.DeleteAsync(world.Id("bob"), listed.Id));
        var deleted = await alice.ReceiveAsync();
        Assert.Equal(("delete", listed.Id.ToString()), (deleted.Event(), deleted.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task The_token_may_come_as_the_subprotocol_which_is_echoed_or_as_a_query_parameter()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        var token = await TokenAsync(app, "alice");
        await using var byProtocol = await StreamSocket.ConnectAsync(app, token, "?stream=user", StreamSocket.TokenIn.Subprotocol);
        await using var byQuery = await StreamSocket.ConnectAsync(app, token, "?stream=user", StreamSocket.TokenIn.Query);

        var status = await PostAsync(app, world.Id("alice"), "Two ways in");

        Assert.Equal(token, byProtocol.Socket.SubProtocol);
        Assert.True((await byProtocol.ReceiveAsync()).IsUpdateOf(status.Id));
        Assert.True((await byQuery.ReceiveAsync()).IsUpdateOf(status.Id));
    }

    [Fact]
    public async Task Connections_without_a_valid_user_token_or_a_read_scope_are_refused()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync("read write");
        using var appTokenReply = await client.TokenAsync(registered, ("grant_type", "client_credentials"), ("scope", "read"));
        var appToken = (await ApiClient.ReadJsonAsync(appTokenReply, System.Net.HttpStatusCode.OK)).GetProperty("access_token").GetString();

        Assert.Contains("401", await StreamSocket.RefusalAsync(app, null, "?stream=user"));
        Assert.Contains("401", await StreamSocket.RefusalAsync(app, "not-a-token", "?stream=user"));
        Assert.Contains("403", await StreamSocket.RefusalAsync(app, await TokenAsync(app, "alice", "write"), "?stream=public"));
        Assert.Contains("403", await StreamSocket.RefusalAsync(app, await TokenAsync(app, "alice", "read:notifications"), "?stream=user"));
        Assert.Contains("422", await StreamSocket.RefusalAsync(app, appToken, "?stream=public"));
        Assert.Contains("400", await StreamSocket.RefusalAsync(app, await TokenAsync(app, "alice"), "?stream=nonsense"));
        Assert.Contains("400", await StreamSocket.RefusalAsync(app, await TokenAsync(app, "alice"), "?stream=hashtag"));
    }

    [Fact]
    public async Task Subscriptions_the_token_does_not_cover_or_that_name_no_stream_are_answered_with_errors()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        await using var socket = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice", "read:notifications"));

        await socket.SendAsync(new { type = "subscribe", stream = "public" });
        await socket.SendAsync(new { type = "subscribe", stream = "hashtag" });
        await socket.SendAsync(new { type = "subscribe", stream = "list", list = "12345" });
        await socket.SendAsync(new { type = "subscribe", stream = "mystery" });

        Assert.Equal("""{"error":"This action is outside the authorized scopes","status":403}""", (await socket.ReceiveAsync()).GetRawText());
        Assert.Equal("""{"error":"Missing tag name parameter","status":400}""", (await socket.ReceiveAsync()).GetRawText());
        Assert.Equal("""{"error":"This action is outside the authorized scopes","status":403}""", (await socket.ReceiveAsync()).GetRawText());
        Assert.Equal("""{"error":"Unknown stream type","status":400}""", (await socket.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task A_socket_holds_at_most_a_hundred_subscriptions()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        await using var socket = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice"), "?stream=user");

        for (var n = 1; n < 100; n++)
        {
            await socket.SendAsync(new { type = "subscribe", stream = "hashtag", tag = $"tag{n}" });
        }
        // A repeat is no new subscription.
        await socket.SendAsync(new { type = "subscribe", stream = "hashtag", tag = "TAG1" });
        await socket.SendAsync(new { type = "subscribe", stream = "hashtag", tag = "one_too_many" });

        Assert.Equal("""{"error":"Too many subscriptions on one connection","status":422}""", (await socket.ReceiveAsync()).GetRawText());
    }

    [Fact]
    public async Task Unsubscribing_stops_a_streams_events()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        await using var socket = await StreamSocket.ConnectAsync(app, await TokenAsync(app, "alice"), "?stream=public");
        await socket.SubscribeAsync(new { type = "subscribe", stream = "user" });
        await socket.SubscribeAsync(new { type = "unsubscribe", stream = "public" });

        var status = await PostAsync(app, world.Id("alice"), "Only my home hears this");
        var message = await socket.ReceiveAsync();
        await app.UseAsync<DeleteStatus>(d => d.DeleteAsync(world.Id("alice"), status.Id));

        Assert.Equal(["user"], message.Stream());
        Assert.Equal(["user"], (await socket.ReceiveAsync()).Stream());
    }

    [Fact]
    public async Task Revoking_the_token_ends_its_open_streams()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();
        var token = (await client.PasswordGrantAsync(registered, "alice")).GetProperty("access_token").GetString()!;
        await using var socket = await StreamSocket.ConnectAsync(app, token, "?stream=user");

        using var revoked = await client.Http.PostAsync("/oauth/revoke", ApiClient.Form(("client_id", registered.ClientId), ("client_secret", registered.ClientSecret), ("token", token)));
        revoked.EnsureSuccessStatusCode();
        var (status, description) = await socket.ClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("revoked", description);
    }

    [Fact]
    public async Task A_plain_request_to_the_socket_path_is_not_found_and_health_answers_ok()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/streaming", await TokenAsync(app, "alice")), System.Net.HttpStatusCode.NotFound);
        using var health = await client.GetAsync("/api/v1/streaming/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("OK", await health.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", health.Content.Headers.ContentType?.MediaType);
    }

    public sealed class Sqlite() : WebSocketStreamingTests(TestDatabase.Sqlite);

    public sealed class Postgres() : WebSocketStreamingTests(TestDatabase.Postgres);
}
