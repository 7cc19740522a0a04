using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class BlockHandlerTests(TestDatabase database) : InboxTest(database)
{
    [Fact]
    public async Task A_block_ends_follows_both_ways_and_hides_each_from_the_other()
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("alice"), mallory);
        await DeliverAsync(app, Activity("Follow", mallory, "https://remote.example/follows/1", LocalActor("alice")), mallory);
        await DeliverAsync(app, Create(mallory, Note(mallory, "https://remote.example/users/mallory/statuses/1", "<p>before the block</p>")), mallory);
        var post = await StatusByUriAsync(app, "https://remote.example/users/mallory/statuses/1");

        await DeliverAsync(app, Activity("Block", mallory, "https://remote.example/blocks/1", LocalActor("alice")), mallory);
        await DeliverAsync(app, Activity("Block", mallory, "https://remote.example/blocks/1", LocalActor("alice")), mallory);

        var block = await app.DbAsync(db => db.Blocks.AsNoTracking().SingleAsync(b => b.AccountId == mallory.Id));
        Assert.Equal((world.Id("alice"), "https://remote.example/blocks/1"), (block.TargetAccountId, block.Uri));
        Assert.False(await app.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == mallory.Id || f.TargetAccountId == mallory.Id)));
        Assert.Equal(2, (await world.ReloadAccountAsync("alice")).FollowersCount);
        Assert.DoesNotContain(post!.Id, await HomeAsync(app, world.Id("alice")));
        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<StatusAccess>(a => a.FindVisibleAsync(post.Id, world.Id("alice"), CancellationToken.None)));
        // As on Mastodon, alice's server tells the blocker that her follow ended.
        Assert.Contains("Undo", await OutboxAsync(app));
    }

    public sealed class Sqlite() : BlockHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : BlockHandlerTests(TestDatabase.Postgres);
}
