using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Federation.Tests.Network;

public abstract class FollowTests(TestDatabase database) : NetworkTest(database)
{
    [Fact]
    public async Task Following_an_open_account_on_another_server_is_accepted_and_its_posts_reach_the_follower()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().User("alice").BuildAsync();
        var b = await beta.World().User("bob").BuildAsync();

        var bob = await FindAsync(alpha, "bob@beta.test");
        Assert.Equal(FollowOutcome.Requested, await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), bob.Id)));
        await network.SettleAsync();

        Assert.True(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("alice") && f.TargetAccountId == bob.Id)));
        Assert.False(await alpha.DbAsync(db => db.FollowRequests.AnyAsync()));
        var bobOnBeta = await b.ReloadAccountAsync("bob");
        Assert.Equal(1, bobOnBeta.FollowersCount);

        var post = await PostAsync(beta, b.Id("bob"), new StatusDraft("Hello from beta"));
        await network.SettleAsync();

        var home = await HomeAsync(alpha, a.Id("alice"));
        var copy = Assert.Single(home);
        Assert.Equal(StatusUri(Beta, "bob", post.Id), copy.Status.Uri);
        Assert.Contains("Hello from beta", copy.Status.ContentHtml);
    }

    [Fact]
    public async Task A_locked_account_decides_and_its_answer_travels_back()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().Users("alice", "carol").BuildAsync();
        var b = await beta.World().User("dave", locked: true).BuildAsync();
        var dave = await FindAsync(alpha, "dave@beta.test");
        Assert.True(dave.Locked);

        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), dave.Id));
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("carol"), dave.Id));
        await network.SettleAsync();
        Assert.Equal(2, await beta.DbAsync(db => db.FollowRequests.CountAsync(r => r.TargetAccountId == b.Id("dave"))));

        var alice = await FindAsync(beta, "alice@alpha.test");
        var carol = await FindAsync(beta, "carol@alpha.test");
        await beta.UseAsync<AnswerFollowRequest>(r => r.AuthorizeAsync(b.Id("dave"), alice.Id));
        await beta.UseAsync<AnswerFollowRequest>(r => r.RejectAsync(b.Id("dave"), carol.Id));
        await network.SettleAsync();

        Assert.True(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("alice") && f.TargetAccountId == dave.Id)));
        Assert.False(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("carol"))));
        Assert.False(await alpha.DbAsync(db => db.FollowRequests.AnyAsync()));
    }

    [Fact]
    public async Task Unfollowing_and_blocking_end_the_follow_on_both_servers()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().Users("alice", "carol").BuildAsync();
        var b = await beta.World().User("bob").BuildAsync();
        var bob = await FindAsync(alpha, "bob@beta.test");
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("alice"), bob.Id));
        await alpha.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(a.Id("carol"), bob.Id));
        await network.SettleAsync();
        Assert.Equal(2, (await b.ReloadAccountAsync("bob")).FollowersCount);

        await alpha.UseAsync<FollowAccount>(f => f.UnfollowAsync(a.Id("alice"), bob.Id));
        var carol = await FindAsync(beta, "carol@alpha.test");
        await beta.UseAsync<BlockAccount>(x => x.BlockAsync(b.Id("bob"), carol.Id));
        await network.SettleAsync();

        Assert.Equal(0, (await b.ReloadAccountAsync("bob")).FollowersCount);
        Assert.False(await alpha.DbAsync(db => db.Follows.AnyAsync()));
        Assert.True(await alpha.DbAsync(db => db.Blocks.AnyAsync(x => x.AccountId == bob.Id && x.TargetAccountId == a.Id("carol"))));
    }

    public sealed class Sqlite() : FollowTests(TestDatabase.Sqlite);
    public sealed class Postgres() : FollowTests(TestDatabase.Postgres);
}
