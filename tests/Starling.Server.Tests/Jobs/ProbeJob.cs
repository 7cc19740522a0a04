using System.Collections.Concurrent;
using Starling.Server.Jobs;

namespace Starling.Server.Tests.Jobs;

/// <summary>A job type for tests of the queue itself: it records each run and fails while its key is marked failing.</summary>
public sealed record ProbeJob(string Key) : IJob
{
    public static string TypeName => "tests.probe";
}

/// <summary>Shared by a test and the handler: what ran, and what should fail.</summary>
public sealed class ProbeLog
{
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    public int RunsOf(string key) => Runs.GetValueOrDefault(key);
}

public sealed class ProbeJobHandler(ProbeLog log) : IJobHandler<ProbeJob>
{
    public Task RunAsync(ProbeJob job, CancellationToken cancellationToken)
    {
        log.Runs.AddOrUpdate(job.Key, 1, (_, runs) => runs + 1);
        return log.Failing.ContainsKey(job.Key)
            ? throw new InvalidOperationException($"Probe '{job.Key}' failed on purpose.")
            : Task.CompletedTask;
    }
}

internal static class ProbeSetup
{
    public static TestInstanceOptions WithProbe(this TestInstanceOptions options, ProbeLog log) => options with
    {
        ConfigureServices = services =>
        {
            services.AddSingleton(log);
            services.AddJob<ProbeJob, ProbeJobHandler>();
        },
    };

    /// <summary>Enqueues and commits, as a use case would.</summary>
    public static async Task EnqueueAsync(this TestInstance app, params ProbeJob[] jobs)
    {
        await using var scope = app.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        foreach (var job in jobs)
        {
            queue.Enqueue(job);
        }
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
    }

    public static Task<Job> SingleJobAsync(this TestInstance app) => app.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync());
}
