using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.PeerHarness;

/// <summary>
/// Two Fedify peers federating with each other over loopback, through the control API alone. Each checks the other's
/// signatures strictly, so this proves the peer and its harness work end to end before a Starling test relies on them.
/// </summary>
public sealed class PeerToPeerTests
{
    [Theory]
    [InlineData(PeerSignatureScheme.Rfc9421, "rfc9421")]
    [InlineData(PeerSignatureScheme.DraftCavage, "draft-cavage-http-signatures-12")]
    public async Task A_follow_by_handle_is_accepted_and_signed_with_the_scheme_asked_for(PeerSignatureScheme scheme, string expected)
    {
        await using var follower = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "anna", FirstKnock = scheme });
        await using var followed = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "ben" });

        var follow = await follower.FollowAsync(followed.Handle);

        Assert.Equal(followed.ActorId, follow.Actor);
        var received = await followed.WaitForActivityAsync("Follow", a => a.Id == follow.Follow);
        Assert.Equal(follower.ActorId, received.Actor);
        Assert.Equal(followed.ActorId, received.Object);
        Assert.Equal(expected, received.Signature?.Scheme);
        Assert.Equal(follow.Follow, received.Raw?.GetProperty("id").GetString());
        var accept = await follower.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        Assert.Equal(followed.ActorId, accept.Actor);
        Assert.Equal("Follow", accept.ObjectType);
        var known = Assert.Single(await followed.FollowersAsync());
        Assert.Equal(follower.ActorId, known.Id);
        Assert.Equal(follow.Follow, known.Follow);
        var following = Assert.Single(await follower.FollowingAsync());
        Assert.Equal(new PeerFollowing(followed.ActorId, follow.Follow, "accepted"), following);
        Assert.Empty(await follower.FailuresAsync());
        Assert.Empty(await followed.FailuresAsync());
    }

    [Fact]
    public async Task Posts_replies_likes_boosts_edits_deletes_and_undos_reach_the_other_side()
    {
        await using var reader = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "reader" });
        await using var writer = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "writer" });
        var follow = await reader.FollowAsync(writer.ActorId);
        await reader.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);

        var post = await writer.PostAsync("<p>First post</p>");
        var create = await reader.WaitForActivityAsync("Create", a => a.Id == post.Create);
        Assert.Equal(post.Note, create.Object);
        Assert.Equal("Note", create.ObjectType);
        Assert.Null(create.Recipient); // delivered to the shared inbox
        Assert.Equal("<p>First post</p>", create.Json.GetProperty("object").GetProperty("content").GetString());

        var like = await reader.LikeAsync(post.Note, new PeerDelivery(Queued: true));
        Assert.Equal(post.Note, (await writer.WaitForActivityAsync("Like", a => a.Id == like)).Object);

        var announce = await reader.AnnounceAsync(post.Note, new PeerDelivery(SharedInbox: false));
        var boost = await writer.WaitForActivityAsync("Announce", a => a.Id == announce);
        Assert.Equal(post.Note, boost.Object);
        Assert.Equal("writer", boost.Recipient); // delivered to the actor's own inbox

        var reply = await reader.PostAsync("<p>A reply</p>", inReplyTo: post.Note, visibility: PeerVisibility.Direct);
        var replyCreate = await writer.WaitForActivityAsync("Create", a => a.Id == reply.Create);
        Assert.Equal(post.Note, replyCreate.Json.GetProperty("object").GetProperty("inReplyTo").GetString());

        var unlike = await reader.UndoAsync(like);
        var undo = await writer.WaitForActivityAsync("Undo", a => a.Id == unlike);
        Assert.Equal(like, undo.Object);
        Assert.Equal("Like", undo.ObjectType);

        var edit = await writer.UpdateAsync(post.Note, "<p>First post, edited</p>");
        var update = await reader.WaitForActivityAsync("Update", a => a.Id == edit);
        Assert.Equal("<p>First post, edited</p>", update.Json.GetProperty("object").GetProperty("content").GetString());

        var deletion = await writer.DeleteAsync(post.Note);
        Assert.Equal(post.Note, (await reader.WaitForActivityAsync("Delete", a => a.Id == deletion)).Object);

        var unfollow = await reader.UndoAsync(follow.Follow);
        await writer.WaitForActivityAsync("Undo", a => a.Id == unfollow);
        Assert.Empty(await writer.FollowersAsync());
        Assert.Empty(await reader.FollowingAsync());
        Assert.Empty(await reader.FailuresAsync());
        Assert.Empty(await writer.FailuresAsync());
    }
}
