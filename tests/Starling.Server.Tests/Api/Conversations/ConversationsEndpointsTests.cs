using System.Net;
using System.Text.Json;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Conversations;

/// <summary>Direct-message conversations over HTTP: who sees which, unread flags, ordering by the newest message, read and remove.</summary>
public abstract class ConversationsEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<ApiPage> ListAsync(ApiClient client, string token, string query = "") =>
        await ApiPage.GetAsync(client, "/api/v1/conversations" + query, token);

    /// <summary>Unread, the other participants' usernames (space-separated), and the last status's id.</summary>
    private static (bool Unread, string Accounts, string? LastStatus) Summary(JsonElement conversation) => (
        conversation.GetProperty("unread").GetBoolean(),
        string.Join(' ', conversation.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("username").GetString())),
        conversation.GetProperty("last_status").ValueKind == JsonValueKind.Null ? null : conversation.GetProperty("last_status").GetProperty("id").GetString());

    [Fact]
    public async Task A_direct_message_starts_a_conversation_for_its_author_and_each_person_it_mentions()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("dm", "alice", "@bob a secret", Visibility.Direct)
            .Post("public", "alice", "@carol out in the open")
            .BuildAsync();
        using var client = new ApiClient(app);
        var (alice, bob, carol) = (await client.UserTokenAsync("alice"), await client.UserTokenAsync("bob"), await client.UserTokenAsync("carol"));
        var dm = world.Status("dm").Id.ToString();

        var bobs = await ListAsync(client, bob);
        GoldenJson.AssertMatches(bobs.Body, "Conversations.json", [TestInstance.Domain]);
        Assert.Equal((true, "alice", dm), Summary(Assert.Single(bobs.Items)));
        var alices = await ListAsync(client, alice);
        Assert.Equal((false, "bob", dm), Summary(Assert.Single(alices.Items)));
        Assert.NotEqual(alices.Ids, bobs.Ids); // Each has a conversation of their own.
        Assert.Empty((await ListAsync(client, carol)).Items);
    }

    [Fact]
    public async Task Replies_join_the_conversation_mark_it_unread_for_the_others_and_move_it_to_the_top()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("to_carol", "alice", "@carol first", Visibility.Direct)
            .Post("to_bob", "alice", "@bob second", Visibility.Direct)
            .Post("carol_reply", "carol", "@alice answer", Visibility.Direct, replyTo: "to_carol")
            .BuildAsync();
        using var client = new ApiClient(app);
        var (alice, carol) = (await client.UserTokenAsync("alice"), await client.UserTokenAsync("carol"));
        var reply = world.Status("carol_reply").Id.ToString();

        var alices = await ListAsync(client, alice);
        Assert.Equal([(true, "carol", (string?)reply), (false, "bob", world.Status("to_bob").Id.ToString())], alices.Items.Select(Summary));
        Assert.Equal((false, "alice", reply), Summary(Assert.Single((await ListAsync(client, carol)).Items)));

        // Paged by the newest message: the Link header's cursors are message ids.
        var first = await ListAsync(client, alice, "?limit=1");
        Assert.Equal([alices.Ids[0]], first.Ids);
        Assert.Equal($"/api/v1/conversations?limit=1&max_id={reply}", first.Next);
        var second = await ApiPage.GetAsync(client, first.Next!, alice);
        Assert.Equal([alices.Ids[1]], second.Ids);
        Assert.Equal([alices.Ids[0]], (await ApiPage.GetAsync(client, second.Prev!, alice)).Ids);
    }

    [Fact]
    public async Task Reading_marks_it_read_and_removing_hides_it_until_the_next_message()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("dm", "alice", "@bob hello", Visibility.Direct).BuildAsync();
        using var client = new ApiClient(app);
        var (alice, bob) = (await client.UserTokenAsync("alice"), await client.UserTokenAsync("bob"));
        var id = (await ListAsync(client, bob)).Ids[0];
        var readOnly = await client.UserTokenAsync("bob", "read");

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/read", alice), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}", alice), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/read", readOnly), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/conversations/x/read", bob), HttpStatusCode.NotFound);

        var read = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/read", bob), HttpStatusCode.OK);
        Assert.Equal((id, false), (read.GetProperty("id").GetString(), read.GetProperty("unread").GetBoolean()));
        Assert.False((await ListAsync(client, bob)).Items[0].GetProperty("unread").GetBoolean());

        var removed = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}", bob), HttpStatusCode.OK);
        Assert.Equal("{}", removed.GetRawText());
        Assert.Empty((await ListAsync(client, bob)).Items);
        Assert.Single((await ListAsync(client, alice)).Items);

        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("@bob still there?", Visibility: Visibility.Direct, InReplyToId: world.Status("dm").Id)));
        await app.DrainJobsAsync();
        var back = Assert.Single((await ListAsync(client, bob)).Items);
        Assert.True(back.GetProperty("unread").GetBoolean());
    }

    [Fact]
    public async Task Deleting_messages_shows_the_one_before_and_a_conversation_with_none_left_is_gone()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("dm", "alice", "@bob hello", Visibility.Direct)
            .Post("again", "alice", "@bob hello again", Visibility.Direct, replyTo: "dm")
            .BuildAsync();
        using var client = new ApiClient(app);
        var bob = await client.UserTokenAsync("bob");

        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("alice"), world.Status("again").Id));
        Assert.Equal(world.Status("dm").Id.ToString(), Summary(Assert.Single((await ListAsync(client, bob)).Items)).LastStatus);

        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("alice"), world.Status("dm").Id));
        Assert.Empty((await ListAsync(client, bob)).Items);
    }

    [Fact]
    public async Task Someone_who_blocks_or_mutes_the_author_gets_no_conversation_and_a_note_to_oneself_lists_oneself()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Block("bob", "alice")
            .Mute("carol", "alice")
            .Post("dm", "alice", "@bob @carol anyone?", Visibility.Direct)
            .Post("note", "alice", "Remember the milk", Visibility.Direct)
            .BuildAsync();
        using var client = new ApiClient(app);

        Assert.Empty((await ListAsync(client, await client.UserTokenAsync("bob"))).Items);
        Assert.Empty((await ListAsync(client, await client.UserTokenAsync("carol"))).Items);
        var alices = await ListAsync(client, await client.UserTokenAsync("alice"));
        Assert.Equal([(false, "alice", (string?)world.Status("note").Id.ToString()), (false, "bob carol", world.Status("dm").Id.ToString())],
            alices.Items.Select(Summary));
    }

    public sealed class Sqlite() : ConversationsEndpointsTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ConversationsEndpointsTests(TestDatabase.Postgres);
}
