using System.Text.Json.Nodes;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class FollowHandlerTests(TestDatabase database) : InboxTest(database)
{
    private const string FollowId = "https://remote.example/users/mallory#follows/1";

    [Fact]
    public async Task A_follow_of_an_open_account_starts_at_once_notifies_and_is_accepted_once()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Activity("Follow", mallory, FollowId, LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Follow", mallory, FollowId, LocalActor("alice")), mallory);

        var follow = await app.DbAsync(db => db.Follows.AsNoTracking().SingleAsync(f => f.AccountId == mallory.Id));
        Assert.Equal((world.Id("alice"), FollowId), (follow.TargetAccountId, follow.Uri));
        Assert.Equal(3, (await world.ReloadAccountAsync("alice")).FollowersCount);
        Assert.Single(await NotificationsAsync(app, world.Id("alice")), n => n.Type == NotificationType.Follow && n.FromAccountId == mallory.Id);
        Assert.Equal(["Accept"], await OutboxAsync(app));
        Assert.Equal(FollowId, await AcceptedFollowIdAsync(app));
    }

    [Fact]
    public async Task A_follow_of_a_locked_account_waits_for_its_owner_who_is_told()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Activity("Follow", mallory, FollowId, LocalActor("dave")), mallory);

        var request = await app.DbAsync(db => db.FollowRequests.AsNoTracking().SingleAsync(r => r.AccountId == mallory.Id));
        Assert.Equal((world.Id("dave"), FollowId), (request.TargetAccountId, request.Uri));
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == mallory.Id)));
        Assert.Contains(await NotificationsAsync(app, world.Id("dave")), n => n.Type == NotificationType.FollowRequest && n.FromAccountId == mallory.Id);
        Assert.Empty(await OutboxAsync(app));

        await app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(world.Id("dave"), mallory.Id));

        Assert.Equal(["Accept"], await OutboxAsync(app));
        Assert.Equal(FollowId, await AcceptedFollowIdAsync(app));
    }

    [Fact]
    public async Task A_follow_across_a_block_is_answered_with_a_reject()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("alice"), mallory.Id));

        await DeliverAsync(app, Activity("Follow", mallory, FollowId, LocalActor("alice")), mallory);

        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == mallory.Id)));
        Assert.False(await app.DbAsync(db => db.FollowRequests.AnyAsync(r => r.AccountId == mallory.Id)));
        Assert.Equal(["Block", "Reject"], await OutboxAsync(app));
    }

    [Fact]
    public async Task A_follow_repeated_under_a_new_id_takes_that_id_and_is_accepted_again()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");

        await DeliverAsync(app, Activity("Follow", mallory, FollowId, LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/users/mallory#follows/2", LocalActor("alice")), mallory);

        Assert.Equal("https://remote.example/users/mallory#follows/2",
            await app.DbAsync(db => db.Follows.Where(f => f.AccountId == mallory.Id).Select(f => f.Uri).SingleAsync()));
        Assert.Equal(["Accept", "Accept"], await OutboxAsync(app));
        Assert.Equal(3, (await world.ReloadAccountAsync("alice")).FollowersCount);
    }

    /// <summary>The id of the Follow the last Accept sent names.</summary>
    private static Task<string?> AcceptedFollowIdAsync(TestInstance app) => app.DbAsync(async db =>
        JsonNode.Parse(await db.OutboxActivities.OrderBy(a => a.Id).Select(a => a.Json).LastAsync())!["object"]!["id"]?.GetValue<string>());

    public sealed class Sqlite() : FollowHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : FollowHandlerTests(TestDatabase.Postgres);
}
