using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class AnnounceHandlerTests(TestDatabase database) : InboxTest(database)
{
    private const string OliviasNote = "https://other.example/users/olivia/statuses/1";

    private static JsonObject Announce(Account actor, string id, JsonNode obj)
    {
        var announce = Activity("Announce", actor, id, obj);
        announce["to"] = new JsonArray(Public);
        announce["cc"] = new JsonArray(actor.FollowersUrl);
        return announce;
    }

    [Fact]
    public async Task A_boost_of_a_local_post_is_counted_once_and_its_author_told()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Announce(mallory, "https://remote.example/announces/1", LocalStatus(world, "alice_public")), mallory);
        await DeliverAsync(app, Announce(mallory, "https://remote.example/announces/1", LocalStatus(world, "alice_public")), mallory);

        var boost = await StatusByUriAsync(app, "https://remote.example/announces/1");
        Assert.Equal(world.Status("alice_public").Id, boost!.ReblogOfId);
        Assert.Equal(Visibility.Public, boost.Visibility);
        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).ReblogsCount);
        Assert.Single(await NotificationsAsync(app, world.Id("alice")), n => n.Type == NotificationType.Reblog && n.FromAccountId == mallory.Id);
    }

    [Fact]
    public async Task A_boost_of_an_unknown_post_fetches_it_from_its_origin_and_reaches_the_boosters_followers()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var olivia = await RemoteAsync(app, "olivia@other.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        Servers.Publish(Note(olivia, OliviasNote, "<p>the original words</p>").ToJsonString());
        // A copy embedded by a server that is not the post's origin is not believed.
        var altered = Note(olivia, OliviasNote, "<p>words put in olivia's mouth</p>");

        await DeliverAsync(app, Announce(mallory, "https://remote.example/announces/2", altered), mallory);

        var original = await StatusByUriAsync(app, OliviasNote);
        Assert.Equal("<p>the original words</p>", original!.ContentHtml);
        Assert.Equal(olivia.Id, original.AccountId);
        var boost = await StatusByUriAsync(app, "https://remote.example/announces/2");
        Assert.Equal(original.Id, boost!.ReblogOfId);
        Assert.Contains(boost.Id, await HomeAsync(app, world.Id("bob")));
    }

    [Fact]
    public async Task A_boost_that_concerns_nobody_here_is_not_fetched()
    {
        var (app, _) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var olivia = await RemoteAsync(app, "olivia@other.example");
        Servers.Publish(Note(olivia, OliviasNote, "<p>the original words</p>").ToJsonString());

        await DeliverAsync(app, Announce(mallory, "https://remote.example/announces/3", OliviasNote), mallory);

        Assert.DoesNotContain(OliviasNote, Servers.Fetched);
        Assert.Null(await StatusByUriAsync(app, "https://remote.example/announces/3"));
    }

    [Fact]
    public async Task A_followers_only_post_cannot_be_boosted_by_someone_else()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/1", LocalActor("alice")), mallory);

        await DeliverAsync(app, Announce(mallory, "https://remote.example/announces/4", LocalStatus(world, "alice_followers")), mallory);

        Assert.Null(await StatusByUriAsync(app, "https://remote.example/announces/4"));
        Assert.Equal(0, (await world.ReloadStatusAsync("alice_followers")).ReblogsCount);
    }

    public sealed class Sqlite() : AnnounceHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AnnounceHandlerTests(TestDatabase.Postgres);
}
