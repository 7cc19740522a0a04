using System.Net;

namespace Starling.Federation.Tests.Fedify;

/// <summary>
/// A Starling user finds the Fedify actor by its handle through the Mastodon API (search with resolve=true, which asks
/// WebFinger and fetches the actor), follows it, and reads what it posts on the home timeline.
/// </summary>
public abstract class StarlingFollowsPeerTests(TestDatabase database) : FedifyTest(database)
{
    [Fact]
    public async Task A_user_follows_the_peer_by_handle_and_sees_its_notes_on_the_home_timeline()
    {
        var (alice, _) = await UserAsync("alice");

        var account = await alice.ResolveAccountAsync(Peer.Handle);
        Assert.Equal(Peer.Handle.TrimStart('@'), Text(account, "acct"));
        Assert.Equal("Fedify peer", Text(account, "display_name"));
        await alice.FollowAsync(Text(account, "id")!);

        var follow = await Peer.WaitForActivityAsync("Follow", a => a.Actor == ActorOf("alice"));
        Assert.Equal(Peer.ActorId, follow.Object);
        Assert.Contains(await Peer.FollowersAsync(), f => f.Id == ActorOf("alice") && f.Follow == follow.Id);
        await EventuallyAsync("Starling to take the peer's Accept",
            async () => (await alice.RelationshipAsync(Text(account, "id")!)).GetProperty("following").GetBoolean());

        var note = await Peer.PostAsync("<p>Hello from Fedify, followers!</p>");

        var status = await OnHomeTimelineAsync(alice, note.Note);
        Assert.Contains("Hello from Fedify, followers!", Text(status, "content"));
        Assert.Equal("public", Text(status, "visibility"));
        Assert.Equal(Peer.Handle.TrimStart('@'), Text(status.GetProperty("account"), "acct"));

        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task A_reply_to_the_peers_note_reaches_it_and_its_answer_notifies_the_user()
    {
        var (alice, _) = await UserAsync("alice");
        await FollowsPeerAsync(alice);
        var note = await Peer.PostAsync("<p>Anyone there?</p>");
        var noteId = Text(await OnHomeTimelineAsync(alice, note.Note), "id")!;

        var reply = await alice.PostStatusAsync($"{Peer.Handle} Yes, here!", inReplyToId: noteId);

        var replyUri = Text(reply, "uri")!;
        var create = await Peer.WaitForActivityAsync("Create", a => a.Object == replyUri);
        var replyNote = create.Json.GetProperty("object");
        Assert.Equal(note.Note, Text(replyNote, "inReplyTo"));
        Assert.Contains(Peer.ActorId, Addressed(replyNote, "to").Concat(Addressed(replyNote, "cc")));
        Assert.Contains("Yes, here!", Text(replyNote, "content"));

        var answer = await Peer.PostAsync("<p>Glad to hear it.</p>", inReplyTo: replyUri);

        var mention = Assert.Single(await EventuallyAsync("a mention notification for the peer's answer", async () =>
            (await alice.NotificationsAsync()).Where(n => Text(n, "type") == "mention").ToList() is { Count: > 0 } found ? found : null));
        var status = mention.GetProperty("status");
        Assert.Equal(answer.Note, Text(status, "uri"));
        Assert.Equal(Text(reply, "id"), Text(status, "in_reply_to_id"));
        Assert.Equal(Peer.Handle.TrimStart('@'), Text(mention.GetProperty("account"), "acct"));

        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task The_peers_edit_and_delete_of_its_note_reach_the_users_timeline()
    {
        var (alice, _) = await UserAsync("alice");
        await FollowsPeerAsync(alice);
        var note = await Peer.PostAsync("<p>First thoughts.</p>");
        var statusId = Text(await OnHomeTimelineAsync(alice, note.Note), "id")!;

        await Peer.UpdateAsync(note.Note, "<p>Second thoughts.</p>");

        var edited = await EventuallyAsync("the edit to show", () => alice.StatusAsync(statusId), s => Text(s, "edited_at") is not null);
        Assert.Contains("Second thoughts.", Text(edited, "content"));

        await Peer.DeleteAsync(note.Note);

        await EventuallyAsync("the note to leave the home timeline",
            async () => (await alice.HomeAsync()).All(s => Text(s, "uri") != note.Note));
        var gone = await Assert.ThrowsAsync<HttpRequestException>(() => alice.StatusAsync(statusId));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await AssertNothingRefusedAsync();
    }

    public sealed class Sqlite() : StarlingFollowsPeerTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StarlingFollowsPeerTests(TestDatabase.Postgres);
}
