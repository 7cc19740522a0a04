using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Timelines;

/// <summary>A profile's posts narrowed as Mastodon's account statuses allow: replies, boosts, pinned, tagged, media.</summary>
public abstract class AccountTimelineTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<List<long>> Read(TestInstance app, long? viewer, long account, AccountTimelineFilter filter, PageRequest? page = null) =>
        TimelineReader.Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.AccountAsync(viewer, account, page ?? PageRequest.Default, filter)));

    private static Task<World> WorldAsync(TestInstance app) => app.World().Users("alice", "bob")
        .Post("bob_post", "bob", "Bob's post")
        .Post("tagged", "alice", "About #Birds")
        .Post("thread", "alice", "A thread", replyTo: "tagged")
        .Post("reply", "alice", "@bob a reply", replyTo: "bob_post")
        .Boost("boost", "alice", "bob_post")
        .Post("plain", "alice", "Plain")
        .Post("private_tagged", "alice", "Secret #birds", Visibility.Private)
        .Pin("alice", "tagged")
        .Pin("alice", "plain")
        .Pin("alice", "private_tagged")
        .BuildAsync();

    [Fact]
    public async Task Each_filter_narrows_the_profile()
    {
        var app = await StartAsync();
        var world = await WorldAsync(app);
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        Assert.Equal(world.Ids("plain", "boost", "reply", "thread", "tagged"), await Read(app, bob, alice, new AccountTimelineFilter(WithReplies: true)));
        Assert.Equal(world.Ids("plain", "boost", "thread", "tagged"), await Read(app, bob, alice, new AccountTimelineFilter()));
        Assert.Equal(world.Ids("plain", "thread", "tagged"), await Read(app, bob, alice, new AccountTimelineFilter(ExcludeReblogs: true)));
        Assert.Equal(world.Ids("plain", "tagged"), await Read(app, bob, alice, new AccountTimelineFilter(WithReplies: true, PinnedOnly: true)));
        Assert.Equal(world.Ids("private_tagged", "plain", "tagged"), await Read(app, alice, alice, new AccountTimelineFilter(PinnedOnly: true)));
        Assert.Equal(world.Ids("tagged"), await Read(app, bob, alice, new AccountTimelineFilter(WithReplies: true, Tagged: "#BIRDS")));
        Assert.Equal(world.Ids("private_tagged", "tagged"), await Read(app, alice, alice, new AccountTimelineFilter(Tagged: "birds")));
        Assert.Empty(await Read(app, bob, alice, new AccountTimelineFilter(Tagged: "nosuchtag")));
        Assert.Empty(await Read(app, alice, alice, new AccountTimelineFilter(WithReplies: true, OnlyMedia: true)));
    }

    [Fact]
    public async Task Filtered_profiles_page_by_status_id()
    {
        var app = await StartAsync();
        var world = await WorldAsync(app);
        var alice = world.Id("alice");
        var filter = new AccountTimelineFilter(WithReplies: true, ExcludeReblogs: true);

        var first = await app.UseAsync<TimelineQueries, TimelinePage>(t => t.AccountAsync(null, alice, new PageRequest(Limit: 2), filter));
        var second = await Read(app, null, alice, filter, new PageRequest(MaxId: first.NextMaxId, Limit: 2));

        Assert.Equal(world.Ids("plain", "reply"), TimelineReader.Ids(first));
        Assert.Equal(world.Ids("thread", "tagged"), second);
    }

    public sealed class Sqlite() : AccountTimelineTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccountTimelineTests(TestDatabase.Postgres);
}
