using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Features.Timelines;

public abstract class HomeTimelineTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Home_shows_own_posts_followed_posts_and_boosts_newest_first()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "erin")
            .Follow("alice", "bob")
            .Post("bob_1", "bob", "Bob one")
            .Post("erin_1", "erin", "Erin, whom alice does not follow")
            .Post("alice_1", "alice", "Alice one")
            .Post("carol_1", "carol", "Carol one")
            .Boost("bob_boosts_carol", "bob", "carol_1")
            .Post("bob_private", "bob", "Bob for followers", Visibility.Private)
            .BuildAsync();

        var home = await app.HomeAsync(world.Id("alice"));

        Assert.Equal(world.Ids("bob_private", "bob_boosts_carol", "alice_1", "bob_1"), home);
        var view = (await app.UseAsync<Starling.Server.Features.Timelines.TimelineQueries, Starling.Server.Features.Timelines.TimelinePage>(t =>
            t.HomeAsync(world.Id("alice"), PageRequest.Default))).Items[1];
        Assert.Equal(world.Status("carol_1").Id, view.Content.Id);
        Assert.Equal("carol", view.Content.Account.Username);
    }

    [Fact]
    public async Task A_boost_does_not_repeat_a_post_already_in_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave", "erin")
            .Follow("alice", "bob").Follow("alice", "carol").Follow("alice", "dave")
            .BuildAsync();
        var carol1 = await PostAsync(app, world.Id("carol"), "Carol one");
        var erin1 = await PostAsync(app, world.Id("erin"), "Erin, whom alice does not follow");
        await app.DrainJobsAsync();
        var bobBoostsCarol = await BoostAsync(app, world.Id("bob"), carol1);
        var bobBoostsErin = await BoostAsync(app, world.Id("bob"), erin1);
        await app.DrainJobsAsync();
        var daveBoostsErin = await BoostAsync(app, world.Id("dave"), erin1);
        await app.DrainJobsAsync();

        // Alice has carol's post already, and erin's through bob's boost: the later boosts add nothing.
        Assert.Equal([bobBoostsErin, carol1], await app.HomeAsync(world.Id("alice")));
        Assert.NotEqual(0, daveBoostsErin);
        Assert.NotEqual(0, bobBoostsCarol);
    }

    [Fact]
    public async Task Following_does_not_backfill_boosts_of_posts_already_in_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Follow("alice", "carol")
            .Post("carol_1", "carol", "Carol one")
            .Boost("bob_boosts_carol", "bob", "carol_1")
            .Post("bob_1", "bob", "Bob one")
            .BuildAsync();

        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id("alice"), world.Id("bob")));
        await app.DrainJobsAsync();

        Assert.Equal(world.Ids("bob_1", "carol_1"), await app.HomeAsync(world.Id("alice")));
    }

    private static async Task<long> PostAsync(TestInstance app, long authorId, string text) =>
        (await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(authorId, new StatusDraft(text)))).Id;

    private static async Task<long> BoostAsync(TestInstance app, long boosterId, long statusId) =>
        (await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(boosterId, statusId))).Id;

    [Fact]
    public async Task Replies_reach_a_home_only_when_its_reader_follows_both_sides()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Follow("alice", "bob")
            .Post("carol_post", "carol", "Carol speaks")
            .Post("bob_to_carol", "bob", "@carol I reply to you", replyTo: "carol_post")
            .Post("bob_root", "bob", "Bob's thread")
            .Post("bob_self_reply", "bob", "Bob continues", replyTo: "bob_root")
            .BuildAsync();

        Assert.Equal(world.Ids("bob_self_reply", "bob_root"), await app.HomeAsync(world.Id("alice")));
    }

    [Fact]
    public async Task Followers_only_posts_reach_followers_and_direct_posts_only_mentioned_followers()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "erin")
            .Follow("bob", "alice").Follow("carol", "alice")
            .Post("private", "alice", "For followers", Visibility.Private)
            .Post("direct", "alice", "@bob and @erin only", Visibility.Direct)
            .BuildAsync();

        Assert.Equal(world.Ids("direct", "private"), await app.HomeAsync(world.Id("bob")));
        Assert.Equal(world.Ids("private"), await app.HomeAsync(world.Id("carol")));
        Assert.Empty(await app.HomeAsync(world.Id("erin")));
    }

    [Fact]
    public async Task Following_backfills_recent_posts_and_unfollowing_prunes_them()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("old_public", "alice", "Before the follow")
            .Post("old_private", "alice", "Followers only, before", Visibility.Private)
            .Post("old_direct", "alice", "@carol not for bob", Visibility.Direct)
            .Post("carol_post", "carol", "Carol")
            .Boost("alice_boost", "alice", "carol_post")
            .Post("bob_own", "bob", "Bob's own")
            .BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, alice));
        Assert.Equal(world.Ids("bob_own"), await app.HomeAsync(bob));
        await app.DrainJobsAsync();
        Assert.Equal(world.Ids("bob_own", "alice_boost", "old_private", "old_public"), await app.HomeAsync(bob));

        await app.UseAsync<FollowAccount>(f => f.UnfollowAsync(bob, alice));
        await app.DrainJobsAsync();
        Assert.Equal(world.Ids("bob_own"), await app.HomeAsync(bob));
    }

    [Fact]
    public async Task A_follow_that_hides_boosts_keeps_them_out_of_home_both_live_and_backfilled()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("carol_1", "carol", "Carol one")
            .Post("carol_2", "carol", "Carol two")
            .Boost("old_boost", "alice", "carol_1")
            .Post("alice_post", "alice", "Alice")
            .Follow("bob", "alice", showReblogs: false)
            .Boost("new_boost", "alice", "carol_2")
            .BuildAsync();

        Assert.Equal(world.Ids("alice_post"), await app.HomeAsync(world.Id("bob")));
    }

    [Fact]
    public async Task Blocked_and_muted_accounts_and_their_boosted_posts_are_hidden_from_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave")
            .Follow("alice", "bob").Follow("alice", "carol")
            .Post("bob_post", "bob", "Bob")
            .Post("carol_post", "carol", "Carol")
            .Post("dave_post", "dave", "Dave")
            .Boost("carol_boosts_dave", "carol", "dave_post")
            .Boost("bob_boosts_dave", "bob", "dave_post")
            .BuildAsync();
        var alice = world.Id("alice");
        Assert.Equal(world.Ids("bob_boosts_dave", "carol_boosts_dave", "carol_post", "bob_post"), await app.HomeAsync(alice));

        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, world.Id("bob")));
        Assert.Equal(world.Ids("carol_boosts_dave", "carol_post"), await app.HomeAsync(alice));

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("dave"), alice));
        Assert.Equal(world.Ids("carol_post"), await app.HomeAsync(alice));
    }

    [Fact]
    public async Task A_mute_with_a_duration_hides_posts_only_until_it_expires()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob").Follow("alice", "bob").Post("bob_post", "bob", "Bob").BuildAsync();
        var alice = world.Id("alice");

        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, world.Id("bob"), duration: TimeSpan.FromHours(1)));
        Assert.Empty(await app.HomeAsync(alice));
        Assert.Empty(await app.LocalAsync(alice));

        app.AdvanceTime(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(world.Ids("bob_post"), await app.HomeAsync(alice));
        Assert.Equal(world.Ids("bob_post"), await app.LocalAsync(alice));
    }

    public sealed class Sqlite() : HomeTimelineTests(TestDatabase.Sqlite);

    public sealed class Postgres() : HomeTimelineTests(TestDatabase.Postgres);
}
