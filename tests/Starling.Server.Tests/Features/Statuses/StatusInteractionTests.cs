using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Statuses;

/// <summary>Favourite, boost, bookmark and pin: each may be repeated without effect, and the counts follow the rows.</summary>
public abstract class StatusInteractionTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<World> AliceAndBobAsync(TestInstance app) =>
        await app.World().Users("alice", "bob", "carol").Post("post", "alice", "Interact with me").BuildAsync();

    [Fact]
    public async Task Favouriting_twice_counts_once_and_unfavouriting_twice_is_harmless()
    {
        var app = await StartAsync();
        var world = await AliceAndBobAsync(app);
        var (bob, post) = (world.Id("bob"), world.Status("post").Id);

        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(bob, post));
        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(bob, post));
        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("carol"), post));

        Assert.Equal(2, (await world.ReloadStatusAsync("post")).FavouritesCount);
        Assert.Equal(2, await app.DbAsync(db => db.Favourites.CountAsync()));
        var view = await app.UseAsync<StatusLoader, StatusView?>(l => l.LoadOneAsync(post, bob, default));
        Assert.True(view!.Favourited);

        await app.UseAsync<FavouriteStatus, Status>(f => f.UnfavouriteAsync(bob, post));
        await app.UseAsync<FavouriteStatus, Status>(f => f.UnfavouriteAsync(bob, post));

        Assert.Equal(1, (await world.ReloadStatusAsync("post")).FavouritesCount);
        Assert.False((await app.UseAsync<StatusLoader, StatusView?>(l => l.LoadOneAsync(post, bob, default)))!.Favourited);
    }

    [Fact]
    public async Task Boosting_twice_makes_one_boost_and_unboosting_removes_it()
    {
        var app = await StartAsync();
        var world = await AliceAndBobAsync(app);
        var (bob, post) = (world.Id("bob"), world.Status("post").Id);

        var first = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, post));
        var second = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, post));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(post, first.ReblogOfId);
        Assert.Equal(1, (await world.ReloadStatusAsync("post")).ReblogsCount);
        Assert.Equal(1, await app.DbAsync(db => db.Statuses.CountAsync(s => s.ReblogOfId == post)));
        Assert.True((await app.UseAsync<StatusLoader, StatusView?>(l => l.LoadOneAsync(post, bob, default)))!.Reblogged);

        await app.UseAsync<ReblogStatus, Status>(r => r.UnreblogAsync(bob, post));
        await app.UseAsync<ReblogStatus, Status>(r => r.UnreblogAsync(bob, post));

        Assert.Equal(0, (await world.ReloadStatusAsync("post")).ReblogsCount);
        Assert.False(await app.DbAsync(db => db.Statuses.AnyAsync(s => s.ReblogOfId == post)));
    }

    [Fact]
    public async Task Acting_on_a_boost_acts_on_the_original()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").Post("post", "alice", "Original").Boost("boost", "bob", "post").BuildAsync();
        var (carol, boost) = (world.Id("carol"), world.Status("boost").Id);

        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(carol, boost));
        var carolsBoost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(carol, boost));
        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(carol, boost));

        var original = await world.ReloadStatusAsync("post");
        Assert.Equal(1, original.FavouritesCount);
        Assert.Equal(2, original.ReblogsCount);
        Assert.Equal(original.Id, carolsBoost.ReblogOfId);
        Assert.Equal(original.Id, await app.DbAsync(db => db.Bookmarks.Select(b => b.StatusId).SingleAsync()));
    }

    [Fact]
    public async Task A_boost_is_never_wider_than_the_original()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Quiet", Visibility.Unlisted).BuildAsync();

        var boost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("bob"), world.Status("post").Id, Visibility.Public));

        Assert.Equal(Visibility.Unlisted, boost.Visibility);
    }

    [Fact]
    public async Task Followers_only_posts_can_be_boosted_by_their_author_alone_and_direct_posts_by_nobody()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice")
            .Post("private", "alice", "For followers", Visibility.Private)
            .Post("direct", "alice", "@bob just us", Visibility.Direct)
            .BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));

        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, world.Status("private").Id)));
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, world.Status("direct").Id)));
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(alice, world.Status("direct").Id)));

        Assert.False(await app.DbAsync(db => db.Statuses.AnyAsync(s => s.ReblogOfId != null)));
        Assert.Equal(0, (await world.ReloadStatusAsync("private")).ReblogsCount);
        var ownBoost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(alice, world.Status("private").Id));
        Assert.Equal(Visibility.Private, ownBoost.Visibility);
    }

    [Fact]
    public async Task Bookmarking_is_idempotent_private_and_listed_newest_first()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("one", "alice", "One").Post("two", "alice", "Two").BuildAsync();
        var bob = world.Id("bob");

        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(bob, world.Status("two").Id));
        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(bob, world.Status("one").Id));
        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(bob, world.Status("one").Id));
        await app.DrainJobsAsync();

        var page = await app.UseAsync<TimelineQueries, TimelinePage>(t => t.BookmarksAsync(bob, PageRequest.Default));
        Assert.Equal([world.Status("one").Id, world.Status("two").Id], page.Items.Select(v => v.Status.Id));
        Assert.All(page.Items, v => Assert.True(v.Bookmarked));
        Assert.False(await app.DbAsync(db => db.Notifications.AnyAsync()));

        await app.UseAsync<BookmarkStatus, Status>(b => b.UnbookmarkAsync(bob, world.Status("one").Id));
        await app.UseAsync<BookmarkStatus, Status>(b => b.UnbookmarkAsync(bob, world.Status("one").Id));
        Assert.Equal(1, await app.DbAsync(db => db.Bookmarks.CountAsync()));
    }

    [Fact]
    public async Task Pinning_is_idempotent_limited_to_five_and_to_ones_own_non_direct_posts()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice", "bob").Post("direct", "alice", "@bob psst", Visibility.Direct).Post("bobs", "bob", "Bob's post");
        for (var i = 1; i <= 6; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}");
        }
        var world = await builder.BuildAsync();
        var alice = world.Id("alice");
        Task<Status> Pin(string name) => app.UseAsync<PinStatus, Status>(p => p.PinAsync(alice, world.Status(name).Id));

        for (var i = 1; i <= 5; i++)
        {
            await Pin($"p{i}");
        }
        await Pin("p1");
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Pin("p6"));
        await AssertRefusedAsync(DomainErrorKind.Invalid, () => Pin("direct"));
        await AssertRefusedAsync(DomainErrorKind.Forbidden, () => Pin("bobs"));

        Assert.Equal(5, await app.DbAsync(db => db.StatusPins.CountAsync()));
        var pinned = await app.UseAsync<TimelineQueries, IReadOnlyList<StatusView>>(t => t.PinnedAsync(null, alice));
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => world.Status($"p{i}").Id), pinned.Select(v => v.Status.Id));

        await app.UseAsync<PinStatus, Status>(p => p.UnpinAsync(alice, world.Status("p1").Id));
        await app.UseAsync<PinStatus, Status>(p => p.UnpinAsync(alice, world.Status("p1").Id));
        await Pin("p6");
        Assert.Equal(5, await app.DbAsync(db => db.StatusPins.CountAsync()));
    }

    [Fact]
    public async Task Interacting_with_a_post_one_cannot_see_is_not_found()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("secret", "alice", "Followers only", Visibility.Private).BuildAsync();
        var (bob, secret) = (world.Id("bob"), world.Status("secret").Id);

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(bob, secret)));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(bob, secret)));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(bob, secret)));

        Assert.Equal(0, (await world.ReloadStatusAsync("secret")).FavouritesCount);
        Assert.False(await app.DbAsync(db => db.Bookmarks.AnyAsync()));
    }

    public sealed class Sqlite() : StatusInteractionTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StatusInteractionTests(TestDatabase.Postgres);
}
