namespace Starling.Federation.Tests.Fedify;

/// <summary>Favourites and boosts both ways between a Starling user and the Fedify actor, and their undoing.</summary>
public abstract class LikesAndBoostsTests(TestDatabase database) : FedifyTest(database)
{
    [Fact]
    public async Task Favouriting_and_boosting_the_peers_note_sends_it_a_like_and_an_announce_and_their_undos()
    {
        var (alice, _) = await UserAsync("alice");
        await FollowsPeerAsync(alice);
        var note = await Peer.PostAsync("<p>Like me, boost me.</p>");
        var statusId = Text(await OnHomeTimelineAsync(alice, note.Note), "id")!;

        var favourited = await alice.StatusActionAsync(statusId, "favourite");
        Assert.True(favourited.GetProperty("favourited").GetBoolean());
        var like = await Peer.WaitForActivityAsync("Like", a => a.Object == note.Note);
        Assert.Equal(ActorOf("alice"), like.Actor);

        await alice.StatusActionAsync(statusId, "unfavourite");
        var undoLike = await Peer.WaitForActivityAsync("Undo", a => a.Object == like.Id);
        Assert.Equal(("Like", ActorOf("alice")), (undoLike.ObjectType, undoLike.Actor));

        var boost = await alice.StatusActionAsync(statusId, "reblog");
        Assert.Equal(statusId, Text(boost.GetProperty("reblog"), "id"));
        var announce = await Peer.WaitForActivityAsync("Announce", a => a.Object == note.Note);
        Assert.Equal(ActorOf("alice"), announce.Actor);
        Assert.Contains(Public, Addressed(announce.Json, "to"));

        await alice.StatusActionAsync(statusId, "unreblog");
        var undoAnnounce = await Peer.WaitForActivityAsync("Undo", a => a.Object == announce.Id);
        Assert.Equal(("Announce", ActorOf("alice")), (undoAnnounce.ObjectType, undoAnnounce.Actor));

        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task The_peer_liking_and_announcing_a_post_shows_in_its_counts_and_notifications_until_undone()
    {
        var (alice, _) = await UserAsync("alice");
        var post = await alice.PostStatusAsync("Something worth a like.");
        var postId = Text(post, "id")!;
        var peerAcct = Peer.Handle.TrimStart('@');

        var like = await Peer.LikeAsync(Text(post, "uri")!);
        var announce = await Peer.AnnounceAsync(Text(post, "uri")!);

        await EventuallyAsync("the like and the boost to be counted", async () =>
        {
            var status = await alice.StatusAsync(postId);
            return status.GetProperty("favourites_count").GetInt32() == 1 && status.GetProperty("reblogs_count").GetInt32() == 1;
        });
        var notifications = await EventuallyAsync("a notification of each", async () =>
            await alice.NotificationsAsync() is { Count: >= 2 } found ? found : null);
        Assert.Equal(["favourite", "reblog"], notifications.Select(n => Text(n, "type")).Order());
        Assert.All(notifications, n =>
        {
            Assert.Equal(peerAcct, Text(n.GetProperty("account"), "acct"));
            Assert.Equal(postId, Text(n.GetProperty("status"), "id"));
        });

        await Peer.UndoAsync(like);
        await Peer.UndoAsync(announce);

        await EventuallyAsync("the like and the boost to be taken back", async () =>
        {
            var status = await alice.StatusAsync(postId);
            return status.GetProperty("favourites_count").GetInt32() == 0 && status.GetProperty("reblogs_count").GetInt32() == 0;
        });
        await AssertNothingRefusedAsync();
    }

    public sealed class Sqlite() : LikesAndBoostsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : LikesAndBoostsTests(TestDatabase.Postgres);
}
