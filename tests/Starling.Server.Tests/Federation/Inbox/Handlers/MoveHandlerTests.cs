using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class MoveHandlerTests(TestDatabase database) : InboxTest(database)
{
    private static JsonObject Move(Account actor, string origin, string target)
    {
        var move = Activity("Move", actor, $"{actor.Uri}#moves/1", origin);
        move["target"] = target;
        return move;
    }

    [Fact]
    public async Task A_move_to_an_account_that_names_the_old_one_moves_its_followers_here()
    {
        var (app, world) = await StartInboxAsync();
        var old = await RemoteAsync(app, "mallory@remote.example");
        var moved = await RemoteAsync(app, "mallory@new.example", alsoKnownAs: [old.Uri!]);
        await FollowRemoteAsync(app, world.Id("bob"), old);

        await DeliverAsync(app, Move(old, old.Uri!, moved.Uri!), old);
        await DeliverAsync(app, Move(old, old.Uri!, moved.Uri!), old);

        Assert.Equal(moved.Id, (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == old.Id))).MovedToAccountId);
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == world.Id("bob") && f.TargetAccountId == old.Id)));
        // The new account is on another server: bob asks to follow it and waits for its Accept.
        Assert.True(await app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == world.Id("bob") && r.TargetAccountId == moved.Id)));
        Assert.Equal(["Follow", "Follow", "Undo"], await OutboxAsync(app));
    }

    [Fact]
    public async Task The_new_account_is_fetched_again_when_the_copy_here_does_not_name_the_old_one_yet()
    {
        var (app, world) = await StartInboxAsync();
        var old = await RemoteAsync(app, "mallory@remote.example");
        var moved = await RemoteAsync(app, "mallory@new.example");
        await FollowRemoteAsync(app, world.Id("bob"), old);
        Servers.Publish(RemoteAccountSetup.ActorDocument("mallory@new.example", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", alsoKnownAs: [old.Uri!]));

        await DeliverAsync(app, Move(old, old.Uri!, moved.Uri!), old);

        Assert.True(await app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == world.Id("bob") && r.TargetAccountId == moved.Id)));
    }

    [Fact]
    public async Task A_move_is_refused_unless_the_new_account_names_the_old_one_and_the_old_one_moves_itself()
    {
        var (app, world) = await StartInboxAsync();
        var old = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        var stranger = await RemoteAsync(app, "someone@new.example");
        var claimed = await RemoteAsync(app, "claimed@new.example", alsoKnownAs: [old.Uri!]);
        await FollowRemoteAsync(app, world.Id("bob"), old);

        await DeliverAsync(app, Move(old, old.Uri!, stranger.Uri!), old);
        await DeliverAsync(app, Move(trent, old.Uri!, claimed.Uri!), trent);

        Assert.Null((await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == old.Id))).MovedToAccountId);
        Assert.True(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == world.Id("bob") && f.TargetAccountId == old.Id)));
        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == world.Id("bob") && r.TargetAccountId != world.Id("dave"))));
    }

    public sealed class Sqlite() : MoveHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : MoveHandlerTests(TestDatabase.Postgres);
}
