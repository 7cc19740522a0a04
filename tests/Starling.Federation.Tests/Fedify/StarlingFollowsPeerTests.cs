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

    public sealed class Sqlite() : StarlingFollowsPeerTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StarlingFollowsPeerTests(TestDatabase.Postgres);
}
