using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;
using Starling.Server.Jobs;

namespace Starling.Server.Tests.Jobs;

public abstract class JobQueueTests(TestDatabase database) : IntegrationTest(database)
{
    private readonly ProbeLog _log = new();

    private Task<TestInstance> StartWithProbeAsync(int maxAttempts = 3) => StartAsync(o => o.WithProbe(_log) with
    {
        FakeTime = true,
        Settings = new Dictionary<string, string?> { ["Starling:Jobs:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    });

    private static Task<QueueSummary> Summary(TestInstance app) => app.UseAsync<JobAdministration, QueueSummary>(a => a.SummaryAsync());

    [Fact]
    public async Task A_job_that_succeeds_runs_once_and_leaves_the_queue()
    {
        var app = await StartWithProbeAsync();
        await app.EnqueueAsync(new ProbeJob("ok"));

        Assert.Equal(new QueueSummary(1, 0, 0), await Summary(app));
        Assert.Equal(1, await app.DrainJobsAsync());

        Assert.Equal(1, _log.RunsOf("ok"));
        Assert.Equal(new QueueSummary(0, 0, 0), await Summary(app));
        Assert.Equal(0, await app.DrainJobsAsync());
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_growing_backoff_and_parked_after_the_last_attempt()
    {
        var app = await StartWithProbeAsync(maxAttempts: 3);
        _log.Failing["bad"] = true;
        await app.EnqueueAsync(new ProbeJob("bad"));

        await app.DrainJobsAsync();
        var afterFirst = await app.SingleJobAsync();
        Assert.Equal((JobState.Pending, 1), (afterFirst.State, afterFirst.Attempts));
        Assert.Contains("Probe 'bad' failed on purpose.", afterFirst.LastError);
        Assert.Null(afterFirst.LockedUntil);
        AssertDelay(afterFirst.RunAt - app.Clock!.GetUtcNow().UtcDateTime, 10);

        // Not due yet: draining does nothing until the clock reaches the retry time.
        Assert.Equal(0, await app.DrainJobsAsync());
        Assert.Equal(1, _log.RunsOf("bad"));

        app.Clock.SetUtcNow(afterFirst.RunAt);
        await app.DrainJobsAsync();
        var afterSecond = await app.SingleJobAsync();
        Assert.Equal((JobState.Pending, 2), (afterSecond.State, afterSecond.Attempts));
        AssertDelay(afterSecond.RunAt - app.Clock.GetUtcNow().UtcDateTime, 20);

        app.Clock.SetUtcNow(afterSecond.RunAt);
        await app.DrainJobsAsync();
        var parked = await app.SingleJobAsync();
        Assert.Equal((JobState.Parked, 3), (parked.State, parked.Attempts));
        Assert.Equal(3, _log.RunsOf("bad"));

        app.AdvanceTime(TimeSpan.FromDays(30));
        Assert.Equal(0, await app.DrainJobsAsync());
        Assert.Equal(new QueueSummary(0, 0, 1), await Summary(app));
        var listed = Assert.Single(await app.UseAsync<JobAdministration, List<Job>>(a => a.ParkedAsync()));
        Assert.Equal(parked.Id, listed.Id);
        Assert.Equal(ProbeJob.TypeName, listed.Type);
        Assert.Contains("InvalidOperationException: Probe 'bad' failed on purpose.", listed.LastError);
    }

    private static void AssertDelay(TimeSpan delay, double nominalSeconds) =>
        Assert.InRange(delay.TotalSeconds, nominalSeconds * 0.75, nominalSeconds * 1.25);

    [Fact]
    public async Task A_parked_job_can_be_retried_by_an_admin_and_then_runs()
    {
        var app = await StartWithProbeAsync(maxAttempts: 1);
        _log.Failing["flaky"] = true;
        await app.EnqueueAsync(new ProbeJob("flaky"));
        await app.DrainJobsAsync();
        var parked = await app.SingleJobAsync();
        Assert.Equal(JobState.Parked, parked.State);

        _log.Failing.TryRemove("flaky", out _);
        Assert.True(await app.UseAsync<JobAdministration, bool>(a => a.RetryAsync(parked.Id)));
        var retried = await app.SingleJobAsync();
        Assert.Equal((JobState.Pending, 0), (retried.State, retried.Attempts));
        Assert.False(await app.UseAsync<JobAdministration, bool>(a => a.RetryAsync(parked.Id)));

        Assert.Equal(1, await app.DrainJobsAsync());
        Assert.Equal(2, _log.RunsOf("flaky"));
        Assert.Equal(new QueueSummary(0, 0, 0), await Summary(app));
    }

    [Fact]
    public async Task A_parked_job_can_be_discarded_and_only_a_parked_one()
    {
        var app = await StartWithProbeAsync(maxAttempts: 1);
        _log.Failing["doomed"] = true;
        await app.EnqueueAsync(new ProbeJob("doomed"));
        await app.DrainJobsAsync();
        await app.EnqueueAsync(new ProbeJob("waiting"));
        var jobs = await app.DbAsync(db => db.Jobs.AsNoTracking().ToListAsync());

        Assert.False(await app.UseAsync<JobAdministration, bool>(a => a.DiscardAsync(jobs.Single(j => j.State == JobState.Pending).Id)));
        Assert.True(await app.UseAsync<JobAdministration, bool>(a => a.DiscardAsync(jobs.Single(j => j.State == JobState.Parked).Id)));

        Assert.Equal(new QueueSummary(1, 0, 0), await Summary(app));
    }

    [Fact]
    public async Task A_job_of_an_unknown_type_fails_and_is_parked_with_a_clear_error()
    {
        var app = await StartWithProbeAsync(maxAttempts: 1);
        await app.DbAsync(async db =>
        {
            var now = app.Clock!.GetUtcNow().UtcDateTime;
            db.Jobs.Add(new Job { Id = 1, Type = "no.such.job", Payload = "{}", RunAt = now, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        });

        await app.DrainJobsAsync();

        var job = await app.SingleJobAsync();
        Assert.Equal(JobState.Parked, job.State);
        Assert.Contains("No handler is registered for job type 'no.such.job'", job.LastError);
    }

    [Fact]
    public async Task A_claim_that_outlives_its_lease_is_taken_over()
    {
        var app = await StartWithProbeAsync();
        await app.EnqueueAsync(new ProbeJob("abandoned"));
        var runner = app.Services.GetRequiredService<JobRunner>();

        // A worker claims the job and dies without finishing it.
        var claimed = Assert.Single(await runner.ClaimAsync(10, default));
        Assert.Equal(JobState.Running, (await app.SingleJobAsync()).State);
        Assert.Empty(await runner.ClaimAsync(10, default));

        app.AdvanceTime(JobRunner.Lease + TimeSpan.FromSeconds(1));
        var reclaimed = Assert.Single(await runner.ClaimAsync(10, default));

        Assert.Equal(claimed.Id, reclaimed.Id);
        Assert.Equal(2, reclaimed.Attempts);
        await runner.RunAsync(reclaimed, default);
        Assert.Equal(1, _log.RunsOf("abandoned"));
        Assert.False(await app.DbAsync(db => db.Jobs.AnyAsync()));
    }

    [Fact]
    public async Task Jobs_run_in_the_order_they_were_enqueued()
    {
        var app = await StartWithProbeAsync();
        var keys = Enumerable.Range(0, 30).Select(i => $"job{i:00}").ToArray();
        var order = new List<string>();
        foreach (var key in keys)
        {
            await app.EnqueueAsync(new ProbeJob(key));
        }

        var runner = app.Services.GetRequiredService<JobRunner>();
        var claimed = await runner.ClaimAsync(100, default);

        Assert.Equal(keys, claimed.Select(j => System.Text.Json.JsonDocument.Parse(j.Payload).RootElement.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_job()
    {
        var app = await StartWithProbeAsync();
        const int jobCount = 300;
        await app.EnqueueAsync([.. Enumerable.Range(0, jobCount).Select(i => new ProbeJob($"job{i}"))]);
        var runner = app.Services.GetRequiredService<JobRunner>();
        using var start = new SemaphoreSlim(0);

        var claimers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            var mine = new List<long>();
            while (true)
            {
                var batch = await runner.ClaimAsync(7, default);
                if (batch.Count == 0)
                {
                    return mine;
                }
                mine.AddRange(batch.Select(j => j.Id));
            }
        })).ToList();
        start.Release(claimers.Count);
        var claims = (await Task.WhenAll(claimers)).SelectMany(ids => ids).ToList();

        Assert.Equal(jobCount, claims.Count);
        Assert.Equal(jobCount, claims.Distinct().Count());
        Assert.Equal(jobCount, await app.DbAsync(db => db.Jobs.CountAsync(j => j.State == JobState.Running && j.Attempts == 1)));
    }

    [Fact]
    public async Task Queued_work_survives_a_restart_of_the_server()
    {
        await using var storage = await TestStorage.CreateAsync(Database);
        long statusId;
        long bobId;
        await using (var before = await TestInstance.StartAsync(new TestInstanceOptions { Database = Database, Storage = storage }))
        {
            var world = await before.World().Users("alice", "bob").Follow("bob", "alice").BuildAsync();
            bobId = world.Id("bob");
            statusId = (await before.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Written before the restart")))).Id;
            Assert.True((await Summary(before)).Pending > 0);
        }

        await using var after = await TestInstance.StartAsync(new TestInstanceOptions { Database = Database, Storage = storage });
        Assert.True((await Summary(after)).Pending > 0);
        Assert.True(await after.DrainJobsAsync() > 0);

        var home = await after.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(bobId, PageRequest.Default));
        Assert.Equal([statusId], home.Items.Select(v => v.Status.Id));
        Assert.Equal(new QueueSummary(0, 0, 0), await Summary(after));
    }

    public sealed class Sqlite() : JobQueueTests(TestDatabase.Sqlite);

    public sealed class Postgres() : JobQueueTests(TestDatabase.Postgres);
}

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(8, 1280)]
    [InlineData(20, 6 * 3600)]
    [InlineData(100, 6 * 3600)]
    public void Backoff_doubles_from_ten_seconds_with_a_quarter_of_jitter_and_a_six_hour_cap(int attempts, double nominalSeconds)
    {
        var delays = Enumerable.Range(0, 200).Select(_ => JobRunner.Backoff(attempts).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, nominalSeconds * 0.75, nominalSeconds * 1.25));
        // Jitter: a burst of failures does not retry in lockstep.
        Assert.True(delays.Distinct().Count() > 1);
    }
}
