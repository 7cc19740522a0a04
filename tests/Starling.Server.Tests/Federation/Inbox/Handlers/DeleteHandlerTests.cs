using System.Text.Json.Nodes;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class DeleteHandlerTests(TestDatabase database) : InboxTest(database)
{
    private const string NoteId = "https://remote.example/users/mallory/statuses/1";

    private static JsonObject DeleteNote(Account actor, string id) =>
        Activity("Delete", actor, $"{id}#delete-by-{actor.Username}", new JsonObject { ["id"] = id, ["type"] = "Tombstone" });

    [Fact]
    public async Task Its_author_deletes_a_post_and_it_leaves_every_home()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, NoteId, "<p>soon gone</p>")), mallory);
        var status = await StatusByUriAsync(app, NoteId);
        Assert.Contains(status!.Id, await HomeAsync(app, world.Id("bob")));

        await DeliverAsync(app, DeleteNote(mallory, NoteId), mallory);
        await DeliverAsync(app, DeleteNote(mallory, NoteId), mallory);

        Assert.Null(await StatusByUriAsync(app, NoteId));
        Assert.DoesNotContain(status.Id, await HomeAsync(app, world.Id("bob")));
        Assert.Equal(0, (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == mallory.Id))).StatusesCount);
        Assert.True(await app.DbAsync(db => db.Tombstones.AnyAsync(t => t.Uri == NoteId)));
    }

    [Fact]
    public async Task Nobody_but_its_author_deletes_a_post()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, NoteId, "<p>mine</p>")), mallory);

        await DeliverAsync(app, DeleteNote(trent, NoteId), trent);
        await DeliverAsync(app, DeleteNote(trent, LocalStatus(world, "alice_public")), trent);

        Assert.NotNull(await StatusByUriAsync(app, NoteId));
        Assert.False(await app.DbAsync(db => db.Tombstones.AnyAsync(t => t.Uri == NoteId)));
        Assert.True(await app.DbAsync(db => db.Statuses.AnyAsync(s => s.Id == world.Status("alice_public").Id)));
    }

    [Fact]
    public async Task A_deleted_account_takes_its_posts_follows_favourites_and_votes_with_it()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/1", LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_public")), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, NoteId, "<p>a post</p>", inReplyTo: LocalStatus(world, "alice_public"))), mallory);
        var before = await world.ReloadStatusAsync("alice_public");
        Assert.Equal((1, 2), (before.FavouritesCount, before.RepliesCount));

        await DeliverAsync(app, Activity("Delete", mallory, "https://remote.example/users/mallory#delete", mallory.Uri), mallory);

        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync(a => a.Id == mallory.Id)));
        Assert.Null(await StatusByUriAsync(app, NoteId));
        var after = await world.ReloadStatusAsync("alice_public");
        Assert.Equal((0, 1), (after.FavouritesCount, after.RepliesCount));
        var alice = await world.ReloadAccountAsync("alice");
        Assert.Equal(2, alice.FollowersCount);
        Assert.Equal(1, (await world.ReloadAccountAsync("bob")).FollowingCount);
    }

    [Fact]
    public async Task An_account_is_deleted_only_by_itself()
    {
        var (app, _) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");

        await DeliverAsync(app, Activity("Delete", trent, "https://remote.example/users/trent#delete-mallory", mallory.Uri), trent);

        Assert.True(await app.DbAsync(db => db.Accounts.AnyAsync(a => a.Id == mallory.Id)));
    }

    public sealed class Sqlite() : DeleteHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : DeleteHandlerTests(TestDatabase.Postgres);
}
