using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

/// <summary>Add and Remove of the sender's featured collection: the pins of remote accounts.</summary>
public abstract class FeaturedHandlerTests(TestDatabase database) : InboxTest(database)
{
    private static JsonObject ToFeatured(string type, Account actor, string id, string obj, string target)
    {
        var activity = Activity(type, actor, id, obj);
        activity["target"] = target;
        return activity;
    }

    [Fact]
    public async Task A_remote_account_pins_and_unpins_its_own_post()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        const string noteId = "https://remote.example/users/mallory/statuses/1";
        Servers.Publish(Note(mallory, noteId, "<p>pinned</p>").ToJsonString());

        await DeliverAsync(app, ToFeatured("Add", mallory, "https://remote.example/adds/1", noteId, mallory.FeaturedUrl!), mallory);
        await DeliverAsync(app, ToFeatured("Add", mallory, "https://remote.example/adds/1", noteId, mallory.FeaturedUrl!), mallory);

        var status = await StatusByUriAsync(app, noteId);
        Assert.Equal(1, await app.DbAsync(db => db.StatusPins.CountAsync(p => p.AccountId == mallory.Id && p.StatusId == status!.Id)));

        await DeliverAsync(app, ToFeatured("Remove", mallory, "https://remote.example/removes/1", noteId, mallory.FeaturedUrl!), mallory);

        Assert.False(await app.DbAsync(db => db.StatusPins.AnyAsync(p => p.AccountId == mallory.Id)));
    }

    [Fact]
    public async Task Only_the_senders_own_posts_in_its_own_featured_collection_are_kept()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        await FollowRemoteAsync(app, world.Id("bob"), trent);
        const string trentsNote = "https://remote.example/users/trent/statuses/1";
        await DeliverAsync(app, Create(trent, Note(trent, trentsNote, "<p>trent's</p>")), trent);

        await DeliverAsync(app, ToFeatured("Add", mallory, "https://remote.example/adds/2", trentsNote, mallory.FeaturedUrl!), mallory);
        await DeliverAsync(app, ToFeatured("Add", trent, "https://remote.example/adds/3", trentsNote, "https://remote.example/users/trent/collections/other"), trent);

        Assert.False(await app.DbAsync(db => db.StatusPins.AnyAsync()));
    }

    public sealed class Sqlite() : FeaturedHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : FeaturedHandlerTests(TestDatabase.Postgres);
}
