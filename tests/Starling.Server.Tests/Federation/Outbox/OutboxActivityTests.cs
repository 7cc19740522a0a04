using System.Text.Json;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Api;
using Starling.Server.Tests.Api.Accounts;

namespace Starling.Server.Tests.Federation.Outbox;

/// <summary>What other servers are told when local people act on their accounts and posts (as they receive it).</summary>
public abstract class OutboxActivityTests(TestDatabase database) : IntegrationTest(database)
{
    private async Task<(FederationNetwork Network, TestInstance App, InboxSink Remote)> HomeAsync()
    {
        var network = StartNetwork();
        var app = await network.StartAsync("home.test");
        return (network, app, network.AddSink("remote.test"));
    }

    private static List<JsonElement> Activities(InboxSink sink, string type) =>
        sink.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(a => a.GetProperty("type").GetString() == type).ToList();

    [Fact]
    public async Task A_post_reaches_its_followers_servers_and_a_direct_message_only_those_it_mentions()
    {
        var (network, app, remote) = await HomeAsync();
        var other = network.AddSink("other.test");
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemoteUser("carol@other.test")
            .Follow("carol@other.test", "alice")
            .Post("public", "alice", "Hello, fediverse #starling")
            .Post("direct", "alice", "Psst @bob@remote.test", Visibility.Direct)
            .BuildAsync();
        await network.SettleAsync();

        var toCarol = Activities(other, "Create").Select(c => c.GetProperty("object")).ToList();
        var publicNote = Assert.Single(toCarol);
        Assert.Equal($"https://home.test/users/alice/statuses/{world.Status("public").Id}", publicNote.GetProperty("id").GetString());
        Assert.Equal("https://www.w3.org/ns/activitystreams#Public", publicNote.GetProperty("to")[0].GetString());
        var direct = Assert.Single(Activities(remote, "Create")).GetProperty("object");
        Assert.Equal(["https://remote.test/users/bob"], direct.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains(direct.GetProperty("tag").EnumerateArray(), t => t.GetProperty("type").GetString() == "Mention");
    }

    [Fact]
    public async Task Edits_boosts_and_profile_changes_reach_followers_and_a_post_deleted_before_delivery_never_leaves()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemoteUser("carol@remote.test")
            .Follow("bob@remote.test", "alice")
            .RemotePost("carols", "carol@remote.test", "Worth sharing")
            .Post("hello", "alice", "Hello")
            .Edit("hello", "Hello, edited")
            .Boost("boost", "alice", "carols")
            .BuildAsync(drainJobs: false);
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(DisplayName: "Alice A.")));
        await network.SettleAsync();

        Assert.Contains("Hello, edited", Assert.Single(Activities(remote, "Update"), u => u.GetProperty("object").GetProperty("type").GetString() == "Note")
            .GetProperty("object").GetProperty("content").GetString());
        Assert.Equal(world.Status("carols").Uri, Assert.Single(Activities(remote, "Announce")).GetProperty("object").GetString());
        Assert.Equal("Alice A.", Assert.Single(Activities(remote, "Update"), u => u.GetProperty("object").GetProperty("type").GetString() == "Person")
            .GetProperty("object").GetProperty("name").GetString());

        var before = remote.Received.Count;
        var late = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Never mind", null, Visibility.Public, null)));
        await app.DrainJobsAsync();
        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("alice"), late.Id));
        await network.SettleAsync();

        var after = remote.Received.Skip(before).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(["Delete"], after);
    }

    [Fact]
    public async Task A_profile_saved_with_new_pictures_reaches_followers_as_one_update_carrying_them()
    {
        var (network, app, remote) = await HomeAsync();
        await app.World().User("alice").RemoteUser("bob@remote.test").Follow("bob@remote.test", "alice").BuildAsync();
        using var client = new ApiClient(app);
        using var content = AccountsApi.Multipart(("display_name", "Alice A."));
        content.Add(AccountsApi.FilePart(TestMedia.Png(64, 64), "image/png"), "avatar", "avatar.png");
        content.Add(AccountsApi.FilePart(TestMedia.Jpeg(1500, 500), "image/jpeg"), "header", "header.jpg");

        using var response = await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", await app.TokenAsync("alice"), content);
        var account = await ApiClient.ReadJsonAsync(response, System.Net.HttpStatusCode.OK);
        await network.SettleAsync();

        var person = Assert.Single(Activities(remote, "Update")).GetProperty("object");
        Assert.Equal("Alice A.", person.GetProperty("name").GetString());
        Assert.Equal(account.GetProperty("avatar").GetString(), person.GetProperty("icon").GetProperty("url").GetString());
        Assert.Equal(account.GetProperty("header").GetString(), person.GetProperty("image").GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_remote_follower_is_accepted_and_a_rejected_request_is_answered_with_the_ids_it_came_with()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").User("dave", locked: true).RemoteUser("bob@remote.test").BuildAsync();
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("bob@remote.test"), world.Id("alice")));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("bob@remote.test"), world.Id("dave")));
        await app.DbAsync(db => db.Follows.ExecuteUpdateAsync(s => s.SetProperty(f => f.Uri, "https://remote.test/follows/1")));
        await app.DbAsync(db => db.FollowRequests.ExecuteUpdateAsync(s => s.SetProperty(f => f.Uri, "https://remote.test/follows/2")));
        await network.SettleAsync();
        Assert.Equal("https://home.test/users/alice", Assert.Single(Activities(remote, "Accept")).GetProperty("actor").GetString());

        await app.UseAsync<AnswerFollowRequest>(a => a.RejectAsync(world.Id("dave"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        var reject = Assert.Single(Activities(remote, "Reject"));
        Assert.Equal("https://home.test/users/dave", reject.GetProperty("actor").GetString());
        Assert.Equal("https://remote.test/follows/2", reject.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("https://remote.test/users/bob", reject.GetProperty("object").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_accepted_follow_is_undone_with_the_follow_id_that_was_sent()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").BuildAsync();
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();
        var followId = Assert.Single(Activities(remote, "Follow")).GetProperty("id").GetString();
        await app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(world.Id("bob@remote.test"), world.Id("alice")));

        await app.UseAsync<FollowAccount>(f => f.UnfollowAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        var undo = Assert.Single(Activities(remote, "Undo"));
        Assert.Equal("Follow", undo.GetProperty("object").GetProperty("type").GetString());
        Assert.Equal(followId, undo.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal($"{followId}/undo", undo.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Liking_and_unliking_a_remote_post_tells_its_author_and_nobody_else()
    {
        var (network, app, remote) = await HomeAsync();
        var other = network.AddSink("other.test");
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemoteUser("carol@other.test")
            .Follow("carol@other.test", "alice")
            .RemotePost("bobs", "bob@remote.test", "Hello").BuildAsync();
        await network.SettleAsync();
        var beforeOther = other.Received.Count;

        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("alice"), world.Status("bobs").Id));
        await app.UseAsync<FavouriteStatus, Status>(f => f.UnfavouriteAsync(world.Id("alice"), world.Status("bobs").Id));
        await network.SettleAsync();

        var like = Assert.Single(Activities(remote, "Like"));
        Assert.Equal(world.Status("bobs").Uri, like.GetProperty("object").GetString());
        var undo = Assert.Single(Activities(remote, "Undo"));
        Assert.Equal(like.GetProperty("id").GetString(), undo.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal(beforeOther, other.Received.Count);
    }

    [Fact]
    public async Task Blocking_and_unblocking_a_remote_account_is_sent_to_it()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").BuildAsync();

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await app.UseAsync<BlockAccount>(b => b.UnblockAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        var block = Assert.Single(Activities(remote, "Block"));
        Assert.Equal("https://remote.test/users/bob", block.GetProperty("object").GetString());
        Assert.Equal(block.GetProperty("id").GetString(), Assert.Single(Activities(remote, "Undo")).GetProperty("object").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_vote_in_a_remote_poll_goes_to_its_author_as_one_note_per_choice()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemotePost("question", "bob@remote.test", "Which?").BuildAsync();
        var pollId = await app.DbAsync(async db =>
        {
            var poll = new Poll
            {
                Id = world.Status("question").Id,
                StatusId = world.Status("question").Id,
                AccountId = world.Id("bob@remote.test"),
                Options = ["tea", "coffee", "water"],
                Tallies = [0, 0, 0],
                Multiple = true,
                ExpiresAt = DateTime.UtcNow.AddDays(1),
            };
            db.Polls.Add(poll);
            await db.SaveChangesAsync();
            return poll.Id;
        });

        await app.UseAsync<VotePoll, Poll>(v => v.VoteAsync(world.Id("alice"), pollId, [0, 2]));
        await network.SettleAsync();

        var votes = Activities(remote, "Create").Select(c => c.GetProperty("object")).ToList();
        Assert.Equal(["tea", "water"], votes.Select(v => v.GetProperty("name").GetString()).Order());
        Assert.All(votes, v => Assert.Equal(world.Status("question").Uri, v.GetProperty("inReplyTo").GetString()));
        Assert.All(votes, v => Assert.Equal("https://remote.test/users/bob", v.GetProperty("to")[0].GetString()));
    }

    [Fact]
    public async Task Pins_are_added_to_and_removed_from_the_featured_collection_for_followers()
    {
        var (network, app, remote) = await HomeAsync();
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").Follow("bob@remote.test", "alice")
            .Post("hello", "alice", "Pin me").BuildAsync();

        await app.UseAsync<PinStatus, Status>(p => p.PinAsync(world.Id("alice"), world.Status("hello").Id));
        await app.UseAsync<PinStatus, Status>(p => p.UnpinAsync(world.Id("alice"), world.Status("hello").Id));
        await network.SettleAsync();

        var add = Assert.Single(Activities(remote, "Add"));
        var remove = Assert.Single(Activities(remote, "Remove"));
        Assert.Equal("https://home.test/users/alice/collections/featured", add.GetProperty("target").GetString());
        Assert.Equal($"https://home.test/users/alice/statuses/{world.Status("hello").Id}", remove.GetProperty("object").GetString());
    }

    [Fact]
    public async Task A_deleted_account_says_farewell_to_every_server_it_knew_signed_with_its_old_key()
    {
        var (network, app, remote) = await HomeAsync();
        var other = network.AddSink("other.test");
        var unrelated = network.AddSink("unrelated.test");
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemoteUser("carol@other.test").RemoteUser("erin@unrelated.test")
            .Follow("bob@remote.test", "alice").Follow("alice", "carol@other.test").BuildAsync();
        await network.SettleAsync();
        var key = await app.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == world.Id("alice")));

        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice"));
        await network.SettleAsync();
        var parked = await app.DbAsync(db => db.Jobs.Select(j => j.Type + ": " + j.LastError).ToListAsync());
        Assert.Empty(parked);

        foreach (var sink in new[] { remote, other })
        {
            var delete = Assert.Single(Activities(sink, "Delete"));
            Assert.Equal("https://home.test/users/alice", delete.GetProperty("object").GetString());
            var request = sink.Received.Last();
            Assert.Contains(key.KeyId, request.Headers["Signature"]);
        }
        Assert.Empty(unrelated.Received);
        Assert.True(await app.DbAsync(db => db.Tombstones.AnyAsync(t => t.Uri == "https://home.test/users/alice" && t.FormerType == "Person")));
        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync(a => a.Id == world.Id("alice"))));
    }

    public sealed class Sqlite() : OutboxActivityTests(TestDatabase.Sqlite);
    public sealed class Postgres() : OutboxActivityTests(TestDatabase.Postgres);
}
