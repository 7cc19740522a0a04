using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class LikeHandlerTests(TestDatabase database) : InboxTest(database)
{
    [Fact]
    public async Task A_like_is_counted_once_and_its_author_told()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_public")), mallory);
        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_public")), mallory);

        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);
        var favourite = await app.DbAsync(db => db.Favourites.AsNoTracking().SingleAsync(f => f.AccountId == mallory.Id));
        Assert.Equal("https://remote.example/likes/1", favourite.Uri);
        Assert.Single(await NotificationsAsync(app, world.Id("alice")), n => n.Type == NotificationType.Favourite && n.FromAccountId == mallory.Id);
    }

    [Fact]
    public async Task Emoji_reactions_are_kept_as_favourites()
    {
        var (app, world) = await StartInboxAsync();
        var misskey = await RemoteAsync(app, "kaori@misskey.example");
        var pleroma = await RemoteAsync(app, "lain@pleroma.example");
        var reaction = Activity("Like", misskey, "https://misskey.example/likes/9xyz", LocalStatus(world, "alice_public"));
        reaction["content"] = ":blobcat:";
        reaction["_misskey_reaction"] = ":blobcat:";
        var react = Activity("EmojiReact", pleroma, "https://pleroma.example/activities/0c1d", LocalStatus(world, "alice_public"));
        react["content"] = "🍵";

        await DeliverAsync(app, reaction, misskey);
        await DeliverAsync(app, react, pleroma);

        Assert.Equal(2, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);
        Assert.Equal(["https://misskey.example/likes/9xyz", "https://pleroma.example/activities/0c1d"],
            (await app.DbAsync(db => db.Favourites.Where(f => f.Uri != null).Select(f => f.Uri!).ToListAsync())).Order());
    }

    [Fact]
    public async Task A_like_of_a_post_hidden_from_the_liker_or_not_from_here_is_dropped()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var olivia = await RemoteAsync(app, "olivia@other.example");
        await FollowRemoteAsync(app, world.Id("bob"), olivia);
        await DeliverAsync(app, Create(olivia, Note(olivia, "https://other.example/users/olivia/statuses/1", "<p>remote</p>")), olivia);

        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/1", LocalStatus(world, "alice_direct_bob")), mallory);
        await DeliverAsync(app, Activity("Like", mallory, "https://remote.example/likes/2", "https://other.example/users/olivia/statuses/1"), mallory);

        Assert.False(await app.DbAsync(db => db.Favourites.AnyAsync(f => f.AccountId == mallory.Id)));
        Assert.Equal(0, (await world.ReloadStatusAsync("alice_direct_bob")).FavouritesCount);
    }

    public sealed class Sqlite() : LikeHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : LikeHandlerTests(TestDatabase.Postgres);
}
