using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Tests.Rig;

/// <summary>The rig itself: an instance really runs on the database it claims, alone, with workers off.</summary>
public abstract class TestInstanceTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task The_instance_runs_on_the_requested_database_with_workers_off()
    {
        var app = await StartAsync();

        var kind = await app.DbAsync(db => Task.FromResult(db.Kind));
        Assert.Equal(Database == TestDatabase.Postgres ? DatabaseKind.Postgres : DatabaseKind.Sqlite, kind);
        var options = app.Services.GetRequiredService<IOptions<StarlingOptions>>().Value;
        Assert.False(options.Jobs.RunWorkers);
        Assert.Equal(app.Storage.DataDirectory, options.DataDirectory);
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is JobWorker);
        Assert.Empty(await app.DbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task The_instance_serves_http_with_its_security_headers()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Two_instances_do_not_share_data()
    {
        var first = await StartAsync();
        var second = await StartAsync();

        await first.World().Users("alice").BuildAsync();

        Assert.Equal(1, await first.DbAsync(db => db.Accounts.CountAsync()));
        Assert.Equal(0, await second.DbAsync(db => db.Accounts.CountAsync()));
    }

    [Fact]
    public async Task The_fake_clock_drives_the_server()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice").BuildAsync();

        app.AdvanceTime(TimeSpan.FromDays(3));
        await world.Instance.UseAsync<Starling.Server.Features.Statuses.CreateStatus, Status>(c =>
            c.CreateAsync(world.Id("alice"), new Starling.Server.Features.Statuses.StatusDraft("later")));

        var status = await app.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync());
        Assert.Equal(new TestInstanceOptions().FakeTimeStart.UtcDateTime.AddDays(3), status.CreatedAt);
        Assert.Equal(new TestInstanceOptions().FakeTimeStart.AddDays(3), Starling.Server.Infrastructure.Ids.IdGenerator.TimeOf(status.Id));
    }

    [Fact]
    public async Task The_standard_world_is_built_through_the_use_cases()
    {
        var (app, world) = await StartWithStandardWorldAsync();

        Assert.Equal(["alice", "bob", "carol", "dave", "erin"], world.Users.Keys.Order());
        Assert.True(world.User("alice").Admin);
        Assert.True((await world.ReloadAccountAsync("dave")).Locked);
        Assert.Equal(2, (await world.ReloadAccountAsync("alice")).FollowersCount);
        Assert.Equal(1, await app.DbAsync(db => db.FollowRequests.CountAsync()));
        Assert.Equal(0, (await app.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope()
            .ServiceProvider.GetRequiredService<JobAdministration>().SummaryAsync()).Pending);
    }

    public sealed class Sqlite() : TestInstanceTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TestInstanceTests(TestDatabase.Postgres);
}
