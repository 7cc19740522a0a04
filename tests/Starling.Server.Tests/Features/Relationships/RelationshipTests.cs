using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Features.Relationships;

public abstract class RelationshipTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<FollowOutcome> Follow(TestInstance app, long actor, long target, bool showReblogs = true) =>
        app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(actor, target, showReblogs));

    private static Task Unfollow(TestInstance app, long actor, long target) => app.UseAsync<FollowAccount>(f => f.UnfollowAsync(actor, target));

    private static Task<Relationship> RelationshipOf(TestInstance app, long viewer, long target) =>
        app.UseAsync<RelationshipQueries, Relationship>(q => q.ForAsync(viewer, target, default));

    private static async Task AssertCounts(World world, string username, int followers, int following)
    {
        var account = await world.ReloadAccountAsync(username);
        Assert.True((followers, following) == (account.FollowersCount, account.FollowingCount),
            $"@{username}: expected {followers} followers and {following} following, found {account.FollowersCount} and {account.FollowingCount}.");
    }

    [Fact]
    public async Task Following_an_open_account_follows_at_once_and_counts_on_both_sides()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();

        Assert.Equal(FollowOutcome.Following, await Follow(app, world.Id("bob"), world.Id("alice")));
        Assert.Equal(FollowOutcome.Following, await Follow(app, world.Id("bob"), world.Id("alice")));

        await AssertCounts(world, "alice", followers: 1, following: 0);
        await AssertCounts(world, "bob", followers: 0, following: 1);
        var bobToAlice = await RelationshipOf(app, world.Id("bob"), world.Id("alice"));
        Assert.True(bobToAlice.Following);
        Assert.True(bobToAlice.ShowingReblogs);
        Assert.False(bobToAlice.FollowedBy);
        Assert.True((await RelationshipOf(app, world.Id("alice"), world.Id("bob"))).FollowedBy);
        var followers = await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowersAsync(world.Id("alice"), PageRequest.Default));
        Assert.Equal(["bob"], followers.Items.Select(a => a.Username));
        var following = await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowingAsync(world.Id("bob"), PageRequest.Default));
        Assert.Equal(["alice"], following.Items.Select(a => a.Username));
    }

    [Fact]
    public async Task Following_again_updates_the_boost_preference_without_counting_twice()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();

        await Follow(app, world.Id("bob"), world.Id("alice"), showReblogs: false);

        Assert.False((await RelationshipOf(app, world.Id("bob"), world.Id("alice"))).ShowingReblogs);
        await AssertCounts(world, "alice", followers: 1, following: 0);
    }

    [Fact]
    public async Task Following_a_locked_account_asks_first_and_approval_makes_the_follow()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", locked: true).User("bob").BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        Assert.Equal(FollowOutcome.Requested, await Follow(app, bob, alice));
        Assert.Equal(FollowOutcome.Requested, await Follow(app, bob, alice));

        Assert.Equal(1, await app.DbAsync(db => db.FollowRequests.CountAsync()));
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync()));
        await AssertCounts(world, "alice", followers: 0, following: 0);
        Assert.True((await RelationshipOf(app, bob, alice)).Requested);
        Assert.True((await RelationshipOf(app, alice, bob)).RequestedBy);
        var requests = await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowRequestsAsync(alice, PageRequest.Default));
        Assert.Equal(["bob"], requests.Items.Select(a => a.Username));
        Assert.Equal(1, await app.UseAsync<AccountQueries, int>(q => q.FollowRequestCountAsync(alice)));

        await app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(alice, bob));

        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync()));
        Assert.True((await RelationshipOf(app, bob, alice)).Following);
        await AssertCounts(world, "alice", followers: 1, following: 0);
        await AssertCounts(world, "bob", followers: 0, following: 1);
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(alice, bob)));
    }

    [Fact]
    public async Task Unlocking_an_account_accepts_every_pending_request()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", locked: true).Users("bob", "carol").Follow("bob", "alice").Follow("carol", "alice").BuildAsync();

        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(Locked: false)));

        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync()));
        Assert.True((await RelationshipOf(app, world.Id("bob"), world.Id("alice"))).Following);
        Assert.True((await RelationshipOf(app, world.Id("carol"), world.Id("alice"))).Following);
        await AssertCounts(world, "alice", followers: 2, following: 0);
        await AssertCounts(world, "bob", followers: 0, following: 1);
        Assert.Equal(FollowOutcome.Following, await Follow(app, world.Id("bob"), world.Id("alice")));
        await AssertCounts(world, "alice", followers: 2, following: 0);
    }

    [Fact]
    public async Task Rejecting_a_request_removes_it_and_follows_nobody()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", locked: true).User("bob").Follow("bob", "alice").BuildAsync();

        await app.UseAsync<AnswerFollowRequest>(a => a.RejectAsync(world.Id("alice"), world.Id("bob")));

        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync()));
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync()));
        await AssertCounts(world, "alice", followers: 0, following: 0);
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<AnswerFollowRequest>(a => a.RejectAsync(world.Id("alice"), world.Id("bob"))));
    }

    [Fact]
    public async Task Unfollowing_ends_the_follow_and_withdraws_a_pending_request()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").User("dave", locked: true).User("bob")
            .Follow("bob", "alice").Follow("bob", "dave")
            .BuildAsync();

        await Unfollow(app, world.Id("bob"), world.Id("alice"));
        await Unfollow(app, world.Id("bob"), world.Id("dave"));
        await Unfollow(app, world.Id("bob"), world.Id("alice"));

        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync()));
        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync()));
        await AssertCounts(world, "alice", followers: 0, following: 0);
        await AssertCounts(world, "bob", followers: 0, following: 0);
    }

    [Fact]
    public async Task Blocking_ends_follows_and_requests_both_ways_and_keeps_counts_right()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").User("bob").User("carol").User("dave", locked: true)
            .Follow("alice", "bob").Follow("bob", "alice").Follow("carol", "alice").Follow("alice", "dave")
            .BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(alice, bob));
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(alice, bob));
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("dave"), alice));

        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => (f.AccountId == alice && f.TargetAccountId == bob) || (f.AccountId == bob && f.TargetAccountId == alice))));
        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync()));
        Assert.Equal(2, await app.DbAsync(db => db.Blocks.CountAsync()));
        await AssertCounts(world, "alice", followers: 1, following: 0);
        await AssertCounts(world, "bob", followers: 0, following: 0);
        var aliceToBob = await RelationshipOf(app, alice, bob);
        Assert.True(aliceToBob.Blocking);
        Assert.False(aliceToBob.Following || aliceToBob.FollowedBy);
        Assert.True((await RelationshipOf(app, bob, alice)).BlockedBy);
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Follow(app, bob, alice));
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Follow(app, alice, bob));
        var blocks = await app.UseAsync<AccountQueries, AccountPage>(q => q.BlocksAsync(alice, PageRequest.Default));
        Assert.Equal(["bob"], blocks.Items.Select(a => a.Username));

        await app.UseAsync<BlockAccount>(b => b.UnblockAsync(alice, bob));
        Assert.Equal(FollowOutcome.Following, await Follow(app, bob, alice));
    }

    [Fact]
    public async Task Muting_is_silent_idempotent_and_can_expire()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob").Follow("alice", "bob").BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, bob, hideNotifications: false));
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, bob, hideNotifications: true, duration: TimeSpan.FromHours(1)));

        Assert.Equal(1, await app.DbAsync(db => db.Mutes.CountAsync()));
        var muting = await RelationshipOf(app, alice, bob);
        Assert.True(muting.Muting && muting.MutingNotifications && muting.Following);
        Assert.False((await RelationshipOf(app, bob, alice)).Muting);
        var mutes = await app.UseAsync<AccountQueries, MutedAccountPage>(q => q.MutesAsync(alice, PageRequest.Default));
        Assert.Equal([("bob", app.Clock!.GetUtcNow().UtcDateTime.AddHours(1))], mutes.Items.Select(m => (m.Account.Username, m.ExpiresAt)));

        app.AdvanceTime(TimeSpan.FromHours(2));
        Assert.False((await RelationshipOf(app, alice, bob)).Muting);
        Assert.Empty((await app.UseAsync<AccountQueries, MutedAccountPage>(q => q.MutesAsync(alice, PageRequest.Default))).Items);

        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, bob));
        await app.UseAsync<MuteAccount>(m => m.UnmuteAsync(alice, bob));
        Assert.False(await app.DbAsync(db => db.Mutes.AnyAsync()));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, bob, duration: TimeSpan.FromMinutes(-1))));
    }

    [Fact]
    public async Task A_pending_request_reports_the_boost_and_notify_settings_it_asked_for()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", locked: true).User("bob").User("carol").BuildAsync();
        var (alice, bob, carol) = (world.Id("alice"), world.Id("bob"), world.Id("carol"));

        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, alice, showReblogs: false, notify: true));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(carol, alice));

        var bobToAlice = await RelationshipOf(app, bob, alice);
        Assert.True(bobToAlice.Requested && !bobToAlice.Following);
        Assert.False(bobToAlice.ShowingReblogs);
        Assert.True(bobToAlice.Notifying);
        var carolToAlice = await RelationshipOf(app, carol, alice);
        Assert.True(carolToAlice.ShowingReblogs);
        Assert.False(carolToAlice.Notifying);
        var nothing = await RelationshipOf(app, bob, carol);
        Assert.False(nothing.ShowingReblogs || nothing.Notifying);

        await app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(alice, bob));
        var accepted = await RelationshipOf(app, bob, alice);
        Assert.True(accepted.Following && !accepted.ShowingReblogs && accepted.Notifying);
    }

    [Fact]
    public async Task Following_again_without_options_keeps_the_ones_chosen_before()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").User("bob").User("dave", locked: true).BuildAsync();
        var (alice, bob, dave) = (world.Id("alice"), world.Id("bob"), world.Id("dave"));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, alice, showReblogs: false, notify: true));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, dave, showReblogs: false, notify: true));

        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, alice));
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, dave));
        var kept = await RelationshipOf(app, bob, alice);
        var keptRequest = await RelationshipOf(app, bob, dave);
        await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(bob, alice, notify: false));
        var changed = await RelationshipOf(app, bob, alice);

        Assert.True(kept.Following && !kept.ShowingReblogs && kept.Notifying);
        Assert.True(keptRequest.Requested && !keptRequest.ShowingReblogs && keptRequest.Notifying);
        Assert.True(!changed.ShowingReblogs && !changed.Notifying);
    }

    [Fact]
    public async Task Connections_are_hidden_from_whom_the_account_blocks_and_from_everyone_once_it_is_suspended()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Follow("bob", "alice").Follow("alice", "bob").Block("alice", "carol").BuildAsync();
        var alice = world.Id("alice");

        async Task<(int Followers, int Following)> Seen(long? viewer) => (
            (await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowersAsync(alice, PageRequest.Default, viewer))).Items.Count,
            (await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowingAsync(alice, PageRequest.Default, viewer))).Items.Count);

        Assert.Equal((1, 1), await Seen(null));
        Assert.Equal((1, 1), await Seen(alice));
        Assert.Equal((0, 0), await Seen(world.Id("carol")));

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));
        Assert.Equal((0, 0), await Seen(null));
        Assert.Equal((0, 0), await Seen(world.Id("bob")));
    }

    [Fact]
    public async Task A_timed_mute_reports_when_it_ends_and_an_endless_one_does_not()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob", "carol").BuildAsync();
        var alice = world.Id("alice");
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, world.Id("bob"), duration: TimeSpan.FromDays(1)));
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, world.Id("carol")));

        Assert.Equal(app.Clock!.GetUtcNow().UtcDateTime.AddDays(1), (await RelationshipOf(app, alice, world.Id("bob"))).MuteExpiresAt);
        Assert.Null((await RelationshipOf(app, alice, world.Id("carol"))).MuteExpiresAt);
        Assert.Null((await RelationshipOf(app, world.Id("bob"), alice)).MuteExpiresAt);
    }

    [Fact]
    public async Task Familiar_followers_are_the_people_you_follow_who_follow_them_too()
    {
        var app = await StartAsync();
        var world = await app.World().Users("viewer", "target", "friend", "other_friend", "muted_friend", "suspended_friend", "stranger", "second")
            .Follow("viewer", "friend").Follow("viewer", "other_friend").Follow("viewer", "muted_friend").Follow("viewer", "suspended_friend")
            .Follow("friend", "target").Follow("other_friend", "target").Follow("muted_friend", "target").Follow("suspended_friend", "target")
            .Follow("stranger", "target").Follow("viewer", "target")
            .Follow("friend", "second")
            .Mute("viewer", "muted_friend")
            .BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("suspended_friend"));

        var familiar = await app.UseAsync<RelationshipQueries, IReadOnlyDictionary<long, IReadOnlyList<Account>>>(q =>
            q.FamiliarFollowersAsync(world.Id("viewer"), [world.Id("target"), world.Id("second"), world.Id("stranger")], default));

        Assert.Equal(["friend", "other_friend"], familiar[world.Id("target")].Select(a => a.Username));
        Assert.Equal(["friend"], familiar[world.Id("second")].Select(a => a.Username));
        Assert.Empty(familiar[world.Id("stranger")]);
    }

    [Fact]
    public async Task Nobody_can_follow_block_or_mute_themselves_or_a_missing_or_suspended_account()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        var alice = world.Id("alice");
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("bob"));

        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Follow(app, alice, alice));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => app.UseAsync<BlockAccount>(b => b.BlockAsync(alice, alice)));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => app.UseAsync<MuteAccount>(m => m.MuteAsync(alice, alice)));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Follow(app, alice, 999));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Follow(app, alice, world.Id("bob")));

        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync()));
        Assert.False(await app.DbAsync(db => db.Blocks.AnyAsync()));
        Assert.False(await app.DbAsync(db => db.Mutes.AnyAsync()));
    }

    [Fact]
    public async Task Follower_lists_page_newest_first_without_gaps_and_hide_suspended_accounts()
    {
        var app = await StartAsync();
        var names = Enumerable.Range(1, 7).Select(i => $"fan{i}").ToArray();
        var builder = app.World().User("alice").Users(names);
        foreach (var name in names)
        {
            builder.Follow(name, "alice");
        }
        var world = await builder.BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("fan4"));

        var seen = new List<string>();
        long? maxId = null;
        while (true)
        {
            var page = await app.UseAsync<AccountQueries, AccountPage>(q => q.FollowersAsync(world.Id("alice"), new PageRequest(MaxId: maxId, Limit: 2)));
            if (page.Items.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Items.Select(a => a.Username));
            maxId = page.NextMaxId;
        }

        Assert.Equal(["fan7", "fan6", "fan5", "fan3", "fan2", "fan1"], seen);
    }

    public sealed class Sqlite() : RelationshipTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RelationshipTests(TestDatabase.Postgres);
}
