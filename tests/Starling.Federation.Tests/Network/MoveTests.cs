using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;

namespace Starling.Federation.Tests.Network;

/// <summary>An account moving from one server to another takes its followers on both servers with it.</summary>
public abstract class MoveTests(TestDatabase database) : NetworkTest(database)
{
    [Fact]
    public async Task Moving_to_an_account_on_another_server_moves_the_followers_of_both_servers()
    {
        var (network, alpha, beta) = await StartPairAsync();
        var a = await alpha.World().Users("alice", "erin").Follow("erin", "alice").BuildAsync();
        var b = await beta.World().Users("newalice", "carol").BuildAsync();
        var aliceOnBeta = await FindAsync(beta, "alice@alpha.test");
        await beta.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(b.Id("carol"), aliceOnBeta.Id));
        await network.SettleAsync();
        Assert.Equal(2, (await a.ReloadAccountAsync("alice")).FollowersCount);

        // Without the alias the move is refused, and nothing is sent.
        var refused = await Assert.ThrowsAsync<Starling.Server.Features.Common.DomainException>(() =>
            alpha.UseAsync<MoveAccount, Account>(m => m.MoveToAsync(a.Id("alice"), "newalice@beta.test", WorldBuilder.Password)));
        Assert.Contains("does not name this account", refused.Message);

        await beta.UseAsync<MoveAccount, Account>(m => m.AddAliasAsync(b.Id("newalice"), "alice@alpha.test"));
        await network.SettleAsync();
        await alpha.UseAsync<MoveAccount, Account>(m => m.MoveToAsync(a.Id("alice"), "newalice@beta.test", WorldBuilder.Password));
        await network.SettleAsync();

        var newAliceOnAlpha = await FindAsync(alpha, "newalice@beta.test");
        Assert.Equal(newAliceOnAlpha.Id, (await a.ReloadAccountAsync("alice")).MovedToAccountId);
        // erin, on the old account's server, now follows the new account there, and no longer the old one.
        Assert.True(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("erin") && f.TargetAccountId == newAliceOnAlpha.Id)));
        Assert.False(await alpha.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == a.Id("erin") && f.TargetAccountId == a.Id("alice"))));
        // carol, on the new account's server, heard the Move and follows the new account.
        Assert.Equal(b.Id("newalice"), (await beta.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(x => x.Id == aliceOnBeta.Id))).MovedToAccountId);
        Assert.True(await beta.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == b.Id("carol") && f.TargetAccountId == b.Id("newalice"))));
        Assert.False(await beta.DbAsync(db => db.Follows.AnyAsync(f => f.AccountId == b.Id("carol") && f.TargetAccountId == aliceOnBeta.Id)));
        Assert.Equal(2, (await b.ReloadAccountAsync("newalice")).FollowersCount);
    }

    public sealed class Sqlite() : MoveTests(TestDatabase.Sqlite);
    public sealed class Postgres() : MoveTests(TestDatabase.Postgres);
}
