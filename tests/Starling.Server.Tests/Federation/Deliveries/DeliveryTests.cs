using System.Net;
using System.Text.Json;
using Starling.ActivityPub.Signatures;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Deliveries;

namespace Starling.Server.Tests.Federation.Deliveries;

/// <summary>Outgoing activities reach other servers signed, once per shared inbox, and survive those servers' outages.</summary>
public abstract class DeliveryTests(TestDatabase database) : IntegrationTest(database)
{
    private async Task<(FederationNetwork Network, TestInstance App)> HomeAsync()
    {
        var network = StartNetwork();
        var app = await network.StartAsync("home.test", new TestInstanceOptions { FakeTime = true });
        return (network, app);
    }

    [Fact]
    public async Task A_follow_of_a_remote_account_is_delivered_to_its_server_signed_by_the_follower()
    {
        var (network, app) = await HomeAsync();
        var remote = network.AddSink("remote.test");
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").BuildAsync();

        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        var request = Assert.Single(remote.Received);
        Assert.Equal("https://remote.test/inbox", request.Url.ToString());
        using var activity = JsonDocument.Parse(request.Body);
        Assert.Equal("Follow", activity.RootElement.GetProperty("type").GetString());
        Assert.Equal("https://home.test/users/alice", activity.RootElement.GetProperty("actor").GetString());
        Assert.Equal("https://remote.test/users/bob", activity.RootElement.GetProperty("object").GetString());
        var followId = activity.RootElement.GetProperty("id").GetString();
        Assert.Equal(followId, await app.DbAsync(db => db.FollowRequests.Select(r => r.Uri).SingleAsync()));

        var key = await app.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == world.Id("alice")));
        var verified = Verify(request, key.PublicKeyPem, app.Clock!);
        Assert.True(verified.Succeeded, verified.FailureReason);
        Assert.Equal("https://home.test/users/alice#main-key", verified.KeyId);
        Assert.Equal(0, await app.DbAsync(db => db.Deliveries.CountAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.OutboxActivities.CountAsync()));
    }

    [Fact]
    public async Task A_signature_made_for_one_key_does_not_verify_with_another()
    {
        var (network, app) = await HomeAsync();
        var remote = network.AddSink("remote.test");
        var world = await app.World().Users("alice", "carol").RemoteUser("bob@remote.test").BuildAsync();

        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        var carolsKey = await app.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == world.Id("carol")));
        Assert.False(Verify(Assert.Single(remote.Received), carolsKey.PublicKeyPem, app.Clock!).Succeeded);
    }

    [Fact]
    public async Task A_deleted_status_is_announced_once_per_server_to_the_followers_there_and_to_nobody_else()
    {
        var (network, app) = await HomeAsync();
        var one = network.AddSink("one.test");
        var two = network.AddSink("two.test");
        var three = network.AddSink("three.test");
        var world = await app.World()
            .User("alice")
            .RemoteUser("bob@one.test").RemoteUser("carol@one.test").RemoteUser("dave@two.test", sharedInbox: false).RemoteUser("erin@three.test")
            .Follow("bob@one.test", "alice").Follow("carol@one.test", "alice").Follow("dave@two.test", "alice")
            .Post("hello", "alice", "Hello, fediverse")
            .BuildAsync();
        await network.SettleAsync();
        var accepts = one.Received.Count;

        await app.UseAsync<DeleteStatus, Status>(d => d.DeleteAsync(world.Id("alice"), world.Status("hello").Id));
        await network.SettleAsync();

        var toOne = one.Received.Skip(accepts).ToList();
        var deleteToOne = Assert.Single(toOne);
        Assert.Equal("https://one.test/inbox", deleteToOne.Url.ToString());
        var deleteToTwo = two.Received.Last();
        Assert.Equal("https://two.test/users/dave/inbox", deleteToTwo.Url.ToString());
        Assert.Empty(three.Received);
        using var delete = JsonDocument.Parse(deleteToOne.Body);
        Assert.Equal("Delete", delete.RootElement.GetProperty("type").GetString());
        var statusUri = $"https://home.test/users/alice/statuses/{world.Status("hello").Id}";
        Assert.Equal(statusUri, delete.RootElement.GetProperty("object").GetProperty("id").GetString());
        Assert.True(await app.DbAsync(db => db.Tombstones.AnyAsync(t => t.Uri == statusUri)));
    }

    [Fact]
    public async Task A_server_that_is_down_gets_its_deliveries_later_while_others_get_theirs_at_once()
    {
        var (network, app) = await HomeAsync();
        var down = network.AddSink("down.test");
        var up = network.AddSink("up.test");
        down.Answer = _ => HttpStatusCode.ServiceUnavailable;
        var world = await app.World().User("alice").RemoteUser("bob@down.test").RemoteUser("carol@down.test").RemoteUser("dave@up.test").BuildAsync();

        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@down.test")));
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("carol@down.test")));
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("dave@up.test")));
        await network.SettleAsync();

        Assert.Single(up.Received);
        // The first failure holds back the rest of that server's queue rather than trying each delivery in turn.
        Assert.Single(down.Received);
        Assert.Equal(2, await app.DbAsync(db => db.Deliveries.CountAsync(d => d.Domain == "down.test" && d.State == DeliveryState.Pending)));
        Assert.Equal(1, await app.DbAsync(db => db.RemoteInstances.Where(i => i.Domain == "down.test").Select(i => i.ConsecutiveFailures).SingleAsync()));

        down.Answer = _ => HttpStatusCode.Accepted;
        app.AdvanceTime(TimeSpan.FromMinutes(1));
        await network.SettleAsync();

        Assert.Equal(3, down.Received.Count);
        Assert.Equal(2, down.Received.Count(r => r.Answer == HttpStatusCode.Accepted));
        Assert.Equal(0, await app.DbAsync(db => db.Deliveries.CountAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.RemoteInstances.Where(i => i.Domain == "down.test").Select(i => i.ConsecutiveFailures).SingleAsync()));
    }

    [Fact]
    public async Task A_server_offline_for_a_day_is_marked_unavailable_and_receives_everything_when_it_returns()
    {
        var (network, app) = await HomeAsync();
        var remote = network.AddSink("remote.test");
        network.TakeSinkOffline("remote.test");
        var world = await app.World().User("alice").RemoteUser("bob@remote.test").RemoteUser("carol@remote.test").BuildAsync();
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@remote.test")));
        await network.SettleAsync();

        // The mark comes with the first failure a day or more after the first: with retries up to 7.5 h apart (6 h and
        // a quarter of jitter), as late as hour 31, so the clock moves an hour at a time until it comes, for up to 36.
        var health = await app.DbAsync(db => db.RemoteInstances.AsNoTracking().SingleAsync(i => i.Domain == "remote.test"));
        for (var hour = 0; hour < 36 && health.UnavailableSince is null; hour++)
        {
            app.AdvanceTime(TimeSpan.FromHours(1));
            await network.SettleAsync();
            health = await app.DbAsync(db => db.RemoteInstances.AsNoTracking().SingleAsync(i => i.Domain == "remote.test"));
        }
        Assert.NotNull(health.UnavailableSince);
        Assert.True(health.UnavailableSince - health.FailingSince >= InstanceHealth.UnavailableAfter,
            $"marked unavailable {health.UnavailableSince - health.FailingSince} after its first failure");

        // New activities for an unavailable server wait instead of being tried at once.
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("carol@remote.test")));
        await network.SettleAsync();
        Assert.Equal(2, await app.DbAsync(db => db.Deliveries.CountAsync(d => d.State == DeliveryState.Pending && d.RunAt > app.Clock!.GetUtcNow().UtcDateTime)));

        network.BringSinkOnline("remote.test");
        // Past the longest wait between two attempts: 6 h, and up to a quarter more of jitter.
        app.AdvanceTime(TimeSpan.FromHours(8));
        await network.SettleAsync();

        var follows = remote.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("object").GetString()).ToList();
        Assert.Equal(["https://remote.test/users/bob", "https://remote.test/users/carol"], follows.Order());
        Assert.Null(await app.DbAsync(db => db.RemoteInstances.Where(i => i.Domain == "remote.test").Select(i => i.UnavailableSince).SingleAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.Deliveries.CountAsync()));
    }

    [Fact]
    public async Task A_refusal_is_not_retried_and_a_week_of_failures_is_given_up()
    {
        var (network, app) = await HomeAsync();
        var refusing = network.AddSink("refusing.test");
        var dead = network.AddSink("dead.test");
        refusing.Answer = _ => HttpStatusCode.BadRequest;
        dead.Answer = _ => HttpStatusCode.BadGateway;
        var world = await app.World().User("alice").RemoteUser("bob@refusing.test").RemoteUser("carol@dead.test").BuildAsync();

        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("bob@refusing.test")));
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(world.Id("alice"), world.Id("carol@dead.test")));
        await network.SettleAsync();
        Assert.Single(refusing.Received);
        Assert.Equal(0, await app.DbAsync(db => db.Deliveries.CountAsync(d => d.Domain == "refusing.test")));

        for (var hour = 0; hour < 8 * 24; hour += 6)
        {
            app.AdvanceTime(TimeSpan.FromHours(6));
            await network.SettleAsync();
        }

        Assert.Single(refusing.Received);
        Assert.InRange(dead.Received.Count, 10, 60);
        var given = await app.DbAsync(db => db.Deliveries.SingleAsync(d => d.Domain == "dead.test"));
        Assert.Equal(DeliveryState.Failed, given.State);
        Assert.Equal("HTTP 502", given.LastError);
    }

    private static SignatureVerificationResult Verify(ReceivedRequest request, string publicKeyPem, TimeProvider time)
    {
        var headers = new HeaderCollection(request.Headers);
        var inbound = new InboundRequest(request.Method, request.Url.PathAndQuery, request.Url.Authority, headers, request.Body);
        var parsed = new HttpSignatureVerifier(time).Parse(inbound);
        Assert.True(parsed.Succeeded, parsed.FailureReason);
        return new HttpSignatureVerifier(time).Verify(parsed.Signature!, publicKeyPem);
    }

    public sealed class Sqlite() : DeliveryTests(TestDatabase.Sqlite);
    public sealed class Postgres() : DeliveryTests(TestDatabase.Postgres);
}
