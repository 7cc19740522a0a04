using Starling.Server.Features.Statuses;
using Starling.Server.Features.Tags;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Timelines;

/// <summary>FanOutStatusJob also writes public posts into the homes of people who follow one of their hashtags.</summary>
public abstract class FollowedTagFanOutTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<List<long>> HomeAsync(TestInstance app, World world, string reader) =>
        app.DbAsync(db => db.HomeFeed.Where(e => e.AccountId == world.Id(reader)).Select(e => e.StatusId).ToListAsync());

    [Fact]
    public async Task A_public_post_with_a_followed_hashtag_reaches_the_tag_followers_home()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("bob"), "#Birds"));

        world = await PostAsync(app, world, "tagged", "alice", "Look, #birds!", Visibility.Public);

        Assert.Contains(world.Status("tagged").Id, await HomeAsync(app, world, "bob"));
        var page = await app.UseAsync<TimelineQueries, TimelinePage>(q => q.HomeAsync(world.Id("bob"), PageRequest.Default));
        Assert.Equal([world.Status("tagged").Id], page.Items.Select(i => i.Status.Id));
    }

    [Theory]
    [InlineData(Visibility.Unlisted)]
    [InlineData(Visibility.Private)]
    [InlineData(Visibility.Direct)]
    public async Task Only_public_posts_travel_by_hashtag(Visibility visibility)
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("bob"), "birds"));

        world = await PostAsync(app, world, "tagged", "alice", "Quiet #birds", visibility);

        Assert.DoesNotContain(world.Status("tagged").Id, await HomeAsync(app, world, "bob"));
    }

    [Fact]
    public async Task Boosts_other_hashtags_and_unfollowed_hashtags_do_not_travel()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").BuildAsync();
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("bob"), "birds"));
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("bob"), "cats"));
        await app.UseAsync<FollowTag>(follow => follow.UnfollowAsync(world.Id("bob"), "cats"));

        world = await PostAsync(app, world, "dogs", "carol", "Only #dogs here", Visibility.Public);
        world = await PostAsync(app, world, "cats", "carol", "Only #cats here", Visibility.Public);
        world = await PostAsync(app, world, "birds", "carol", "Some #birds", Visibility.Public);
        var boost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("alice"), world.Status("birds").Id));
        await app.DrainJobsAsync();

        var home = await HomeAsync(app, world, "bob");
        Assert.Equal([world.Status("birds").Id], home);
        Assert.DoesNotContain(boost.Id, home);
    }

    [Fact]
    public async Task The_author_and_a_follower_of_both_author_and_tag_get_the_post_once()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("bob"), "birds"));
        await app.UseAsync<FollowTag>(follow => follow.FollowAsync(world.Id("alice"), "birds"));

        world = await PostAsync(app, world, "tagged", "alice", "#birds again", Visibility.Public);

        Assert.Equal([world.Status("tagged").Id], await HomeAsync(app, world, "bob"));
        Assert.Equal([world.Status("tagged").Id], await HomeAsync(app, world, "alice"));
    }

    /// <summary>Posts in the same world (users already made) and runs the fan-out.</summary>
    private static async Task<World> PostAsync(TestInstance app, World world, string name, string author, string text, Visibility visibility)
    {
        var status = await app.UseAsync<CreateStatus, Status>(create =>
            create.CreateAsync(world.Id(author), new StatusDraft(text, null, visibility, null)));
        world.Statuses[name] = status;
        await app.DrainJobsAsync();
        return world;
    }

    public sealed class Sqlite() : FollowedTagFanOutTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FollowedTagFanOutTests(TestDatabase.Postgres);
}
