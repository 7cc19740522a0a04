using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class UndoHandlerTests(TestDatabase database) : InboxTest(database)
{
    private static JsonObject Undo(Account actor, string id, JsonNode undone) => Activity("Undo", actor, id, undone);

    private static JsonObject Copy(string type, string? id, Account actor, string obj) =>
        new() { ["id"] = id, ["type"] = type, ["actor"] = actor.Uri, ["object"] = obj };

    [Fact]
    public async Task A_follow_is_undone_by_its_id_and_a_request_by_what_it_was_about()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/1", LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/2", LocalActor("dave")), mallory);

        await DeliverAsync(app, Undo(mallory, "https://remote.example/follows/1/undo", Copy("Follow", "https://remote.example/follows/1", mallory, LocalActor("alice"))), mallory);
        await DeliverAsync(app, Undo(mallory, "https://remote.example/follows/x/undo", Copy("Follow", null, mallory, LocalActor("dave"))), mallory);

        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == mallory.Id)));
        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == mallory.Id)));
        Assert.Equal(2, (await world.ReloadAccountAsync("alice")).FollowersCount);
    }

    [Fact]
    public async Task A_like_is_undone_by_its_bare_id()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_public")), mallory);
        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);

        await DeliverAsync(app, Undo(mallory, "https://remote.example/likes/1/undo", "https://remote.example/likes/1"), mallory);

        Assert.Equal(0, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);
        Assert.False(await app.DbAsync(db => db.Favourites.AnyAsync(f => f.AccountId == mallory.Id)));
    }

    [Fact]
    public async Task A_boost_is_undone_by_what_it_boosted()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await DeliverAsync(app, Activity("Announce", mallory, "https://remote.example/announces/1", LocalStatus(world, "alice_public")), mallory);
        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).ReblogsCount);

        await DeliverAsync(app, Undo(mallory, "https://remote.example/announces/1/undo", Copy("Announce", "https://remote.example/announces/other", mallory, LocalStatus(world, "alice_public"))), mallory);

        Assert.Equal(0, (await world.ReloadStatusAsync("alice_public")).ReblogsCount);
        Assert.False(await app.DbAsync(db => db.Statuses.AnyAsync(s => s.AccountId == mallory.Id)));
    }

    [Fact]
    public async Task A_block_is_undone_by_its_id()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await DeliverAsync(app, Activity("Block", mallory, "https://remote.example/blocks/1", LocalActor("alice")), mallory);
        Assert.True(await app.DbAsync(db => db.Blocks.AnyAsync(b => b.AccountId == mallory.Id)));

        await DeliverAsync(app, Undo(mallory, "https://remote.example/blocks/1/undo", Copy("Block", "https://remote.example/blocks/1", mallory, LocalActor("alice"))), mallory);

        Assert.False(await app.DbAsync(db => db.Blocks.AnyAsync(b => b.AccountId == mallory.Id)));
    }

    [Fact]
    public async Task Only_the_sender_undoes_its_own_activities()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/1", LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_public")), mallory);

        await DeliverAsync(app, Undo(trent, "https://remote.example/trent/undo/1", Copy("Follow", "https://remote.example/follows/1", mallory, LocalActor("alice"))), trent);
        await DeliverAsync(app, Undo(trent, "https://remote.example/trent/undo/2", "https://remote.example/likes/1"), trent);

        Assert.True(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == mallory.Id)));
        Assert.True(await app.DbAsync(db => db.Favourites.AnyAsync(f => f.AccountId == mallory.Id)));
    }

    public sealed class Sqlite() : UndoHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : UndoHandlerTests(TestDatabase.Postgres);
}
