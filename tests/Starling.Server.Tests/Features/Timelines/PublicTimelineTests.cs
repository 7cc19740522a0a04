using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Timelines;

/// <summary>Local, hashtag and profile timelines.</summary>
public abstract class PublicTimelineTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Local_shows_public_originals_and_self_thread_replies_only()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("public", "alice", "Public")
            .Post("unlisted", "alice", "Unlisted", Visibility.Unlisted)
            .Post("private", "alice", "Private", Visibility.Private)
            .Post("direct", "alice", "@bob Direct", Visibility.Direct)
            .Post("self_reply", "alice", "Continuing", replyTo: "public")
            .Post("reply_to_other", "bob", "@alice replying", replyTo: "public")
            .Boost("boost", "bob", "public")
            .BuildAsync();

        var expected = world.Ids("self_reply", "public");
        Assert.Equal(expected, await app.LocalAsync(null));
        Assert.Equal(expected, await app.LocalAsync(world.Id("bob")));
    }

    [Fact]
    public async Task Local_hides_blocked_muted_and_suspended_accounts()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave", "erin")
            .Post("bob", "bob", "Bob").Post("carol", "carol", "Carol").Post("dave", "dave", "Dave").Post("erin", "erin", "Erin")
            .Block("alice", "bob").Block("carol", "alice").Mute("alice", "dave")
            .BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("erin"));

        Assert.Equal(world.Ids("dave", "carol", "bob"), await app.LocalAsync(null));
        Assert.Empty(await app.LocalAsync(world.Id("alice")));
    }

    [Fact]
    public async Task A_tag_timeline_lists_public_posts_with_the_tag_whatever_its_case()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("one", "alice", "Learning #DotNet")
            .Post("two", "bob", "more #dotnet")
            .Post("unlisted", "bob", "quiet #dotnet", Visibility.Unlisted)
            .Post("private", "bob", "hidden #dotnet", Visibility.Private)
            .Post("other", "alice", "#cooking")
            .Post("carol", "carol", "#dotnet from carol")
            .Mute("alice", "carol")
            .BuildAsync();

        Assert.Equal(world.Ids("carol", "two", "one"), await app.TagAsync(null, "DOTNET"));
        Assert.Equal(world.Ids("two", "one"), await app.TagAsync(world.Id("alice"), "dotnet"));
        Assert.Empty(await app.TagAsync(null, "nosuchtag"));
    }

    [Fact]
    public async Task A_profile_shows_what_the_viewer_may_see()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "erin")
            .Follow("bob", "alice")
            .Post("public", "alice", "Public")
            .Post("unlisted", "alice", "Unlisted", Visibility.Unlisted)
            .Post("private", "alice", "Private", Visibility.Private)
            .Post("direct_carol", "alice", "@carol direct", Visibility.Direct)
            .Post("erin_post", "erin", "Erin")
            .Post("reply_to_erin", "alice", "@erin a reply", replyTo: "erin_post")
            .Boost("boost", "alice", "erin_post")
            .BuildAsync();
        var alice = world.Id("alice");

        Assert.Equal(world.Ids("boost", "unlisted", "public"), await app.ProfileAsync(null, alice));
        Assert.Equal(world.Ids("boost", "private", "unlisted", "public"), await app.ProfileAsync(world.Id("bob"), alice));
        Assert.Equal(world.Ids("boost", "direct_carol", "unlisted", "public"), await app.ProfileAsync(world.Id("carol"), alice));
        Assert.Equal(world.Ids("boost", "reply_to_erin", "direct_carol", "private", "unlisted", "public"), await app.ProfileAsync(alice, alice, withReplies: true));
    }

    [Fact]
    public async Task A_profile_hides_everything_across_a_block_and_boosts_of_blocked_or_muted_authors()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol", "dave")
            .Post("alice_post", "alice", "Alice")
            .Post("carol_post", "carol", "Carol")
            .Post("dave_post", "dave", "Dave")
            .Boost("alice_boosts_carol", "alice", "carol_post")
            .Boost("alice_boosts_dave", "alice", "dave_post")
            .BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));
        Assert.Equal(world.Ids("alice_boosts_dave", "alice_boosts_carol", "alice_post"), await app.ProfileAsync(bob, alice));

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("carol"), bob));
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(bob, world.Id("dave")));
        Assert.Equal(world.Ids("alice_post"), await app.ProfileAsync(bob, alice));

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(alice, bob));
        Assert.Empty(await app.ProfileAsync(bob, alice));
    }

    [Fact]
    public async Task Pinned_posts_come_newest_pin_first_and_respect_visibility()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("one", "alice", "One").Post("two", "alice", "Two").Post("private", "alice", "Private", Visibility.Private)
            .BuildAsync();
        var alice = world.Id("alice");
        foreach (var name in new[] { "two", "private", "one" })
        {
            await app.UseAsync<PinStatus, Status>(p => p.PinAsync(alice, world.Status(name).Id));
        }

        var asStranger = await app.UseAsync<TimelineQueries, IReadOnlyList<StatusView>>(t => t.PinnedAsync(world.Id("bob"), alice));
        var asAlice = await app.UseAsync<TimelineQueries, IReadOnlyList<StatusView>>(t => t.PinnedAsync(alice, alice));

        Assert.Equal(world.Ids("one", "two"), TimelineReader.Ids(asStranger));
        Assert.Equal(world.Ids("one", "private", "two"), TimelineReader.Ids(asAlice));
        Assert.All(asAlice, v => Assert.True(v.Pinned));
    }

    [Fact]
    public async Task Favourites_list_shows_what_the_viewer_favourited_newest_first()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("one", "alice", "One").Post("two", "alice", "Two")
            .Favourite("bob", "two").Favourite("bob", "one")
            .BuildAsync();

        var page = await app.UseAsync<TimelineQueries, TimelinePage>(t => t.FavouritesAsync(world.Id("bob"), PageRequest.Default));

        Assert.Equal(world.Ids("one", "two"), TimelineReader.Ids(page));
        Assert.All(page.Items, v => Assert.True(v.Favourited));
    }

    public sealed class Sqlite() : PublicTimelineTests(TestDatabase.Sqlite);

    public sealed class Postgres() : PublicTimelineTests(TestDatabase.Postgres);
}
