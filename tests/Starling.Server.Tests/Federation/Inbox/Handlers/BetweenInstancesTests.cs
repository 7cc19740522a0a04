using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

/// <summary>
/// The handlers behind the real inbox: two Starling instances on a test network, every activity signed, delivered,
/// verified and queued before a handler sees it.
/// </summary>
public abstract class BetweenInstancesTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_follow_is_accepted_and_then_posts_replies_and_likes_travel_between_servers()
    {
        var network = StartNetwork();
        var alpha = await network.StartAsync("alpha.test");
        var beta = await network.StartAsync("beta.test");
        var alice = (await alpha.World().User("alice").BuildAsync()).Account("alice");
        var bob = (await beta.World().User("bob").BuildAsync()).Account("bob");
        var bobOnAlpha = await alpha.UseAsync<IRemoteAccountResolver, Account?>(r => r.ResolveHandleAsync("bob", "beta.test", CancellationToken.None));
        Assert.NotNull(bobOnAlpha);

        await alpha.UseAsync<FollowAccount>(f => f.FollowAsync(alice.Id, bobOnAlpha.Id));
        await network.SettleAsync();

        Assert.True(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == alice.Id && f.TargetAccountId == bobOnAlpha.Id)));
        Assert.Equal(1, (await beta.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == bob.Id))).FollowersCount);

        var post = await beta.UseAsync<CreateStatus, Status>(c => c.CreateAsync(bob.Id, new StatusDraft("Hello from beta")));
        await network.SettleAsync();

        var postUri = $"https://beta.test/users/bob/statuses/{post.Id}";
        var postOnAlpha = await alpha.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Uri == postUri));
        Assert.Contains("Hello from beta", postOnAlpha.ContentHtml);
        Assert.True(await alpha.DbAsync(db => db.HomeFeed.AnyAsync(e => e.AccountId == alice.Id && e.StatusId == postOnAlpha.Id)));

        var reply = await alpha.UseAsync<CreateStatus, Status>(c => c.CreateAsync(alice.Id, new StatusDraft("@bob@beta.test welcome!", InReplyToId: postOnAlpha.Id)));
        await alpha.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(alice.Id, postOnAlpha.Id));
        await network.SettleAsync();

        var replyOnBeta = await beta.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Uri == $"https://alpha.test/users/alice/statuses/{reply.Id}"));
        Assert.Equal(post.Id, replyOnBeta.InReplyToId);
        var postOnBeta = await beta.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Id == post.Id));
        Assert.Equal((1, 1), (postOnBeta.RepliesCount, postOnBeta.FavouritesCount));
        var told = await beta.DbAsync(db => db.Notifications.Where(n => n.AccountId == bob.Id).Select(n => n.Type).ToListAsync());
        Assert.Contains(NotificationType.Follow, told);
        Assert.Contains(NotificationType.Mention, told);
        Assert.Contains(NotificationType.Favourite, told);
    }

    public sealed class Sqlite() : BetweenInstancesTests(TestDatabase.Sqlite);
    public sealed class Postgres() : BetweenInstancesTests(TestDatabase.Postgres);
}
