namespace Starling.Federation.Tests.Fedify;

/// <summary>
/// The Fedify actor follows a Starling user, finding them as Fedify finds anyone (WebFinger, then the actor document),
/// and receives what the user then does through the Mastodon API.
/// </summary>
public abstract class PeerFollowsStarlingTests(TestDatabase database) : FedifyTest(database)
{
    [Fact]
    public async Task The_peer_follows_by_handle_receives_posts_replies_and_deletes_and_unfollows()
    {
        var (alice, aliceId) = await UserAsync("alice");

        var follow = await Peer.FollowAsync(Handle("alice"));

        Assert.Equal(ActorOf("alice"), follow.Actor);
        var accept = await Peer.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        Assert.Equal(ActorOf("alice"), accept.Actor);
        Assert.Equal("accepted", Assert.Single(await Peer.FollowingAsync()).State);
        var follower = Assert.Single(await alice.FollowersAsync(aliceId));
        Assert.Equal(Peer.Handle.TrimStart('@'), Text(follower, "acct"));

        var post = await alice.PostStatusAsync("Hello, Fedify!");
        var postUri = Text(post, "uri")!;
        var create = await Peer.WaitForActivityAsync("Create", a => a.Object == postUri);
        Assert.Equal(ActorOf("alice"), create.Actor);
        var note = create.Json.GetProperty("object");
        Assert.Equal("Note", Text(note, "type"));
        Assert.Equal(ActorOf("alice"), Text(note, "attributedTo"));
        Assert.Contains("Hello, Fedify!", Text(note, "content"));
        Assert.Equal([Public], Addressed(note, "to"));
        Assert.Equal([ActorOf("alice") + "/followers"], Addressed(note, "cc"));
        Assert.Equal(Addressed(note, "to"), Addressed(create.Json, "to"));

        var reply = await alice.PostStatusAsync("And a reply to myself.", inReplyToId: Text(post, "id"));
        var replyUri = Text(reply, "uri")!;
        var replied = await Peer.WaitForActivityAsync("Create", a => a.Object == replyUri);
        Assert.Equal(postUri, Text(replied.Json.GetProperty("object"), "inReplyTo"));
        Assert.Contains("And a reply to myself.", Text(replied.Json.GetProperty("object"), "content"));

        await alice.DeleteStatusAsync(Text(post, "id")!);
        var delete = await Peer.WaitForActivityAsync("Delete", a => a.Object == postUri);
        Assert.Equal(ActorOf("alice"), delete.Actor);

        await Peer.UndoAsync(follow.Follow);
        await EventuallyAsync("the peer to leave alice's followers", async () => (await alice.FollowersAsync(aliceId)).Count == 0);

        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task A_post_with_a_picture_reaches_the_peer_with_its_file_described_and_the_file_can_be_fetched()
    {
        var (alice, aliceId) = await UserAsync("alice");
        var follow = await Peer.FollowAsync(Handle("alice"));
        await Peer.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        var media = await alice.UploadMediaAsync(TestMedia.Jpeg(1200, 900), "view.jpg", "The view from the hill");

        var post = await alice.PostStatusAsync("A picture", mediaIds: [Text(media, "id")!]);

        var create = await Peer.WaitForActivityAsync("Create", a => a.Object == Text(post, "uri"));
        var attachment = create.Json.GetProperty("object").GetProperty("attachment");
        var document = attachment.ValueKind == System.Text.Json.JsonValueKind.Array ? Assert.Single(attachment.EnumerateArray()) : attachment;
        Assert.Equal("Document", Text(document, "type"));
        Assert.Equal("image/jpeg", Text(document, "mediaType"));
        Assert.Equal("The view from the hill", Text(document, "name"));
        Assert.Equal((1200, 900), (document.GetProperty("width").GetInt32(), document.GetProperty("height").GetInt32()));
        var url = document.GetProperty("url");
        var href = url.ValueKind == System.Text.Json.JsonValueKind.String ? url.GetString()! : Text(url, "href")!;
        Assert.Equal(Text(media, "url"), href);
        using var file = await alice.FetchAsync(href);
        Assert.Equal(System.Net.HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType?.MediaType);

        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task A_locked_user_accepts_the_peer_only_once_they_authorize_it_and_then_sends_followers_only_posts()
    {
        var (alice, _) = await UserAsync("alice");
        var locked = await alice.UpdateCredentialsAsync(new { locked = true });
        Assert.True(locked.GetProperty("locked").GetBoolean());

        var follow = await Peer.FollowAsync(Handle("alice"));

        var request = Assert.Single(await EventuallyAsync("alice to see the peer's follow request",
            async () => await alice.FollowRequestsAsync() is { Count: > 0 } requests ? requests : null));
        Assert.Equal(Peer.Handle.TrimStart('@'), Text(request, "acct"));
        Assert.Equal("pending", Assert.Single(await Peer.FollowingAsync()).State);
        Assert.Empty(await Peer.ActivitiesAsync("Accept"));

        await alice.AuthorizeFollowRequestAsync(Text(request, "id")!);

        await Peer.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        Assert.Equal("accepted", Assert.Single(await Peer.FollowingAsync()).State);
        var post = await alice.PostStatusAsync("For my followers only.", visibility: "private");
        var postUri = Text(post, "uri")!;
        var create = await Peer.WaitForActivityAsync("Create", a => a.Object == postUri);
        var note = create.Json.GetProperty("object");
        Assert.Equal([ActorOf("alice") + "/followers"], Addressed(note, "to"));
        Assert.DoesNotContain(Public, Addressed(note, "cc"));
        Assert.Contains("For my followers only.", Text(note, "content"));

        await AssertNothingRefusedAsync();
    }

    public sealed class Sqlite() : PeerFollowsStarlingTests(TestDatabase.Sqlite);

    public sealed class Postgres() : PeerFollowsStarlingTests(TestDatabase.Postgres);
}
