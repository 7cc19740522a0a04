using System.Text.Json.Nodes;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

/// <summary>The answers of remote accounts to the follows local accounts sent them.</summary>
public abstract class AcceptRejectHandlerTests(TestDatabase database) : InboxTest(database)
{
    /// <summary>bob asks to follow mallory; the id of the Follow that went out.</summary>
    private static async Task<string> RequestAsync(TestInstance app, World world, Account target)
    {
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("bob"), target.Id));
        return await app.DbAsync(db => db.FollowRequests.Where(r => r.AccountId == world.Id("bob") && r.TargetAccountId == target.Id).Select(r => r.Uri!).SingleAsync());
    }

    private static Task<bool> FollowsAsync(TestInstance app, long followerId, Account target) =>
        app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == followerId && f.TargetAccountId == target.Id));

    private static Task<bool> RequestedAsync(TestInstance app, long followerId, Account target) =>
        app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == followerId && r.TargetAccountId == target.Id));

    [Fact]
    public async Task An_accept_naming_our_follow_by_id_makes_it_a_follow_and_fills_the_home()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var followId = await RequestAsync(app, world, mallory);

        await DeliverAsync(app, Activity("Accept", mallory, "https://remote.example/users/mallory#accepts/1", followId), mallory);
        await DeliverAsync(app, Activity("Accept", mallory, "https://remote.example/users/mallory#accepts/1", followId), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/1", "<p>welcome</p>")), mallory);

        Assert.True(await FollowsAsync(app, world.Id("bob"), mallory));
        Assert.False(await RequestedAsync(app, world.Id("bob"), mallory));
        Assert.Equal(2, (await world.ReloadAccountAsync("bob")).FollowingCount);
        Assert.Equal(1, (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == mallory.Id))).FollowersCount);
        var post = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");
        Assert.Contains(post!.Id, await HomeAsync(app, world.Id("bob")));
    }

    [Fact]
    public async Task An_accept_that_names_the_follow_by_its_actor_and_object_is_understood()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await RequestAsync(app, world, mallory);
        var follow = new JsonObject { ["id"] = "https://unknown.example/some-other-id", ["type"] = "Follow", ["actor"] = LocalActor("bob"), ["object"] = mallory.Uri };

        await DeliverAsync(app, Activity("Accept", mallory, "https://remote.example/users/mallory#accepts/2", follow), mallory);

        Assert.True(await FollowsAsync(app, world.Id("bob"), mallory));
    }

    [Fact]
    public async Task An_accept_by_anyone_but_the_followed_account_changes_nothing()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        var followId = await RequestAsync(app, world, mallory);
        var follow = new JsonObject { ["id"] = followId, ["type"] = "Follow", ["actor"] = LocalActor("bob"), ["object"] = mallory.Uri };

        await DeliverAsync(app, Activity("Accept", trent, "https://remote.example/users/trent#accepts/1", follow), trent);

        Assert.False(await FollowsAsync(app, world.Id("bob"), mallory));
        Assert.True(await RequestedAsync(app, world.Id("bob"), mallory));
    }

    [Fact]
    public async Task A_reject_of_a_pending_request_removes_it()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var followId = await RequestAsync(app, world, mallory);

        await DeliverAsync(app, Activity("Reject", mallory, "https://remote.example/users/mallory#rejects/1", followId), mallory);

        Assert.False(await RequestedAsync(app, world.Id("bob"), mallory));
        Assert.False(await FollowsAsync(app, world.Id("bob"), mallory));
    }

    [Fact]
    public async Task A_reject_after_an_accept_ends_the_follow_and_sends_no_undo()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var followId = await RequestAsync(app, world, mallory);
        await DeliverAsync(app, Activity("Accept", mallory, "https://remote.example/users/mallory#accepts/1", followId), mallory);

        await DeliverAsync(app, Activity("Reject", mallory, "https://remote.example/users/mallory#rejects/1", followId), mallory);

        Assert.False(await FollowsAsync(app, world.Id("bob"), mallory));
        Assert.Equal(1, (await world.ReloadAccountAsync("bob")).FollowingCount);
        Assert.Equal(["Follow"], await OutboxAsync(app));
    }

    public sealed class Sqlite() : AcceptRejectHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AcceptRejectHandlerTests(TestDatabase.Postgres);
}
