using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Statuses;

public abstract class DeleteStatusTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Status> Delete(TestInstance app, long actorId, long statusId) =>
        app.UseAsync<DeleteStatus, Status>(delete => delete.DeleteAsync(actorId, statusId));

    [Fact]
    public async Task Deleting_removes_the_post_its_boosts_and_marks_and_fixes_the_counts()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Follow("carol", "alice").Follow("carol", "bob")
            .Post("post", "alice", "Going away soon #gone")
            .Boost("boost", "bob", "post")
            .Favourite("carol", "post")
            .BuildAsync();
        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(world.Id("carol"), world.Status("post").Id));
        await app.UseAsync<PinStatus, Status>(p => p.PinAsync(world.Id("alice"), world.Status("post").Id));

        await Delete(app, world.Id("alice"), world.Status("post").Id);

        await app.DbAsync(async db =>
        {
            Assert.False(await db.Statuses.AnyAsync());
            Assert.False(await db.Favourites.AnyAsync());
            Assert.False(await db.Bookmarks.AnyAsync());
            Assert.False(await db.StatusPins.AnyAsync());
            Assert.False(await db.HomeFeed.AnyAsync());
            Assert.False(await db.StatusTags.AnyAsync());
            Assert.False(await db.Notifications.AnyAsync(n => n.StatusId != null));
        });
        Assert.Equal(0, (await world.ReloadAccountAsync("alice")).StatusesCount);
        Assert.Empty((await app.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(world.Id("carol"), PageRequest.Default))).Items);
    }

    [Fact]
    public async Task Someone_elses_post_cannot_be_deleted_and_nothing_changes()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Mine").BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Delete(app, world.Id("bob"), world.Status("post").Id));

        Assert.Equal("Mine", (await world.ReloadStatusAsync("post")).Text);
        Assert.Equal(1, (await world.ReloadAccountAsync("alice")).StatusesCount);
    }

    [Fact]
    public async Task A_post_one_cannot_see_is_not_found_rather_than_forbidden()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "secret", Visibility.Direct).BuildAsync();

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Delete(app, world.Id("bob"), world.Status("post").Id));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => Delete(app, world.Id("alice"), 42));
        Assert.True(await app.DbAsync(db => db.Statuses.AnyAsync()));
    }

    [Fact]
    public async Task Deleting_a_reply_lowers_the_parents_reply_count_and_replies_outlive_their_parent()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("root", "alice", "Root")
            .Post("reply", "bob", "Reply", replyTo: "root")
            .Post("other", "bob", "Another reply", replyTo: "root")
            .BuildAsync();

        await Delete(app, world.Id("bob"), world.Status("reply").Id);
        Assert.Equal(1, (await world.ReloadStatusAsync("root")).RepliesCount);

        await Delete(app, world.Id("alice"), world.Status("root").Id);
        var orphan = await world.ReloadStatusAsync("other");
        Assert.Null(orphan.InReplyToId);
        Assert.Equal(1, (await world.ReloadAccountAsync("bob")).StatusesCount);
    }

    [Fact]
    public async Task Deleting_a_boost_lowers_the_originals_boost_count_only()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Boost me").Boost("boost", "bob", "post").BuildAsync();

        await Delete(app, world.Id("bob"), world.Status("boost").Id);

        var original = await world.ReloadStatusAsync("post");
        Assert.Equal(0, original.ReblogsCount);
        Assert.Equal(1, (await world.ReloadAccountAsync("alice")).StatusesCount);
        Assert.Equal(0, (await world.ReloadAccountAsync("bob")).StatusesCount);
    }

    public sealed class Sqlite() : DeleteStatusTests(TestDatabase.Sqlite);

    public sealed class Postgres() : DeleteStatusTests(TestDatabase.Postgres);
}
