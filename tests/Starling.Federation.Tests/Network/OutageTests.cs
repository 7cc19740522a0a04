using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Deliveries;

namespace Starling.Federation.Tests.Network;

/// <summary>
/// A server that is stopped (its host gone, not merely unreachable) and started again on the same database, while the
/// other goes on posting: everything posted meanwhile arrives, each post once. Both clocks are fake and move together,
/// so retries come due when the test says, and signatures stay fresh in each other's eyes.
/// </summary>
public abstract class OutageTests(TestDatabase database) : NetworkTest(database)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static TestInstanceOptions Clocked(DateTimeOffset now, TestStorage? storage = null) =>
        new() { FakeTime = true, FakeTimeStart = now, Storage = storage };

    private static IReadOnlyList<StatusDraft> FivePosts() =>
    [
        new("one, public"),
        new("two, unlisted", Visibility: Visibility.Unlisted),
        new("three, followers only", Visibility: Visibility.Private),
        new("four, @bob@beta.test only", Visibility: Visibility.Direct),
        new("five, public again"),
    ];

    /// <summary>alice on alpha, followed by bob and carol on beta; with alice as beta knows her.</summary>
    private static async Task<(World A, World B, Account Alice)> FollowersOnBetaAsync(FederationNetwork network, TestInstance alpha, TestInstance beta)
    {
        var a = await alpha.World().User("alice").BuildAsync();
        var b = await beta.World().Users("bob", "carol").BuildAsync();
        var alice = await FindAsync(beta, "alice@alpha.test");
        await beta.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(b.Id("bob"), alice.Id));
        await beta.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(b.Id("carol"), alice.Id));
        await network.SettleAsync();
        return (a, b, alice);
    }

    [Fact]
    public async Task A_follower_server_stopped_while_posts_go_out_receives_each_of_them_once_after_it_restarts()
    {
        var network = StartNetwork();
        var betaStorage = await CreateStorageAsync();
        var alpha = await network.StartAsync(Alpha, Clocked(Start));
        var beta = await network.StartAsync(Beta, Clocked(Start, betaStorage));
        var (a, b, alice) = await FollowersOnBetaAsync(network, alpha, beta);
        Assert.Equal(2, (await a.ReloadAccountAsync("alice")).FollowersCount);

        await network.StopAsync(Beta);
        var posts = new List<Status>();
        foreach (var draft in FivePosts())
        {
            posts.Add(await PostAsync(alpha, a.Id("alice"), draft));
        }
        await network.SettleAsync();
        // Minutes pass with beta still down: the deliveries fail again each time they come due, and wait again.
        for (var round = 0; round < 3; round++)
        {
            alpha.AdvanceTime(TimeSpan.FromMinutes(10));
            await network.SettleAsync();
        }
        var waiting = await alpha.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Domain == Beta).ToListAsync());
        Assert.Equal(posts.Count, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(DeliveryState.Pending, d.State));
        Assert.True(waiting.Sum(d => d.Attempts) >= 3, $"Attempts: {string.Join(", ", waiting.Select(d => d.Attempts))}");
        Assert.Contains(waiting, d => d.LastError is not null && d.LastError.Contains("Connection refused", StringComparison.Ordinal));

        beta = await network.RestartAsync(Beta, betaStorage, Clocked(alpha.Clock!.GetUtcNow()));
        alpha.AdvanceTime(TimeSpan.FromHours(1));
        beta.AdvanceTime(TimeSpan.FromHours(1));
        await network.SettleAsync();

        await AssertEachArrivedOnceAsync(alpha, beta, b, posts);
    }

    [Fact]
    public async Task A_server_stopped_with_deliveries_pending_sends_them_after_it_restarts()
    {
        var network = StartNetwork();
        var alphaStorage = await CreateStorageAsync();
        var alpha = await network.StartAsync(Alpha, Clocked(Start, alphaStorage));
        var beta = await network.StartAsync(Beta, Clocked(Start));
        var (a, b, alice) = await FollowersOnBetaAsync(network, alpha, beta);

        // The server goes down at the worst moments: two posts' deliveries claimed but never finished (a request in
        // flight), two waiting to be sent, and one whose deliveries were not even worked out yet.
        var drafts = FivePosts();
        var posts = new List<Status>();
        for (var i = 0; i < 4; i++)
        {
            posts.Add(await PostAsync(alpha, a.Id("alice"), drafts[i]));
        }
        await alpha.DrainJobsAsync();
        var inFlight = await alpha.UseAsync<DeliveryRunner, IReadOnlyList<Delivery>>(r => r.ClaimAsync(2, CancellationToken.None));
        Assert.Equal(2, inFlight.Count);
        posts.Add(await PostAsync(alpha, a.Id("alice"), drafts[4]));
        var stoppedAt = alpha.Clock!.GetUtcNow();
        await network.StopAsync(Alpha);
        Assert.Empty(await beta.DbAsync(db => db.Statuses.Where(s => s.AccountId == alice.Id).ToListAsync()));

        alpha = await network.RestartAsync(Alpha, alphaStorage, Clocked(stoppedAt + TimeSpan.FromMinutes(1)));
        var pending = await alpha.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Domain == Beta).ToListAsync());
        Assert.Equal(4, pending.Count);
        Assert.Equal(2, pending.Count(d => d.State == DeliveryState.Running));
        // Claims last a lease, so that a node that died holding some lets another take them over when it runs out.
        alpha.AdvanceTime(DeliveryRunner.Lease);
        beta.AdvanceTime(TimeSpan.FromMinutes(1) + DeliveryRunner.Lease);
        await network.SettleAsync();

        await AssertEachArrivedOnceAsync(alpha, beta, b, posts);
    }

    /// <summary>bob (followed and mentioned) has every post in his home once; carol every post but the direct one; alpha's queue is empty.</summary>
    private static async Task AssertEachArrivedOnceAsync(TestInstance alpha, TestInstance beta, World b, IReadOnlyList<Status> posts)
    {
        var uris = posts.Select(p => StatusUri(Alpha, "alice", p.Id)).ToList();
        var bobs = (await HomeAsync(beta, b.Id("bob"))).Select(v => v.Status.Uri).ToList();
        Assert.Equal(uris.Order(), bobs.Order());
        var carols = (await HomeAsync(beta, b.Id("carol"))).Select(v => v.Status.Uri).ToList();
        Assert.Equal(uris.Where((_, i) => posts[i].Visibility != Visibility.Direct).Order(), carols.Order());
        Assert.Equal(posts.Count, await beta.DbAsync(db => db.Statuses.CountAsync(s => uris.Contains(s.Uri!))));
        Assert.Equal(0, await alpha.DbAsync(db => db.Deliveries.CountAsync()));
        Assert.Equal(0, await alpha.DbAsync(db => db.OutboxActivities.CountAsync()));
    }

    public sealed class Sqlite() : OutageTests(TestDatabase.Sqlite);
    public sealed class Postgres() : OutageTests(TestDatabase.Postgres);
}
