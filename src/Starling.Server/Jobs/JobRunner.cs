using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Jobs;

/// <summary>
/// Claims due jobs and runs each in its own scope. A job that throws is retried with exponential backoff
/// and jitter; after the configured number of attempts it is parked, never deleted, for an admin to see.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    JobRegistry registry,
    IOptions<StarlingOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    /// <summary>How long a claim lasts before another worker may take the job over (a crashed node's jobs).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<Job>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var sql = db.Kind == DatabaseKind.Postgres ? PostgresClaim : SqliteClaim;
        var claimed = await db.Jobs.FromSqlRaw(sql, now, now + Lease, count).AsNoTracking().ToListAsync(cancellationToken);
        // RETURNING hands rows back in no particular order; run them in the order they were due, then enqueued.
        return [.. claimed.OrderBy(j => j.RunAt).ThenBy(j => j.Id)];
    }

    // One statement claims a batch atomically; on PostgreSQL, SKIP LOCKED lets several nodes claim side by side.
    private const string SqliteClaim = """
        UPDATE jobs SET state = 1, locked_until = {1}, attempts = attempts + 1, updated_at = {0}
        WHERE id IN (SELECT id FROM jobs
                     WHERE (state = 0 AND run_at <= {0}) OR (state = 1 AND locked_until < {0})
                     ORDER BY run_at, id LIMIT {2})
        RETURNING *
        """;

    private const string PostgresClaim = """
        UPDATE jobs SET state = 1, locked_until = {1}, attempts = attempts + 1, updated_at = {0}
        WHERE id IN (SELECT id FROM jobs
                     WHERE (state = 0 AND run_at <= {0}) OR (state = 1 AND locked_until < {0})
                     ORDER BY run_at, id LIMIT {2}
                     FOR UPDATE SKIP LOCKED)
        RETURNING *
        """;

    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        if (await RunOneAsync(job, cancellationToken))
        {
            await DeleteAsync([job.Id], cancellationToken);
        }
    }

    /// <summary>
    /// Runs a claimed batch, <paramref name="concurrency"/> at a time, and deletes the jobs that succeeded in one
    /// statement. A node that dies before that runs them again when their lease runs out, as it would a job that was
    /// running: handlers are written to be run twice.
    /// </summary>
    public Task RunBatchAsync(IReadOnlyList<Job> batch, int concurrency, CancellationToken cancellationToken) =>
        QueueBatch.RunAsync(batch, concurrency, RunOneAsync, succeeded => DeleteAsync([.. succeeded.Select(j => j.Id)], CancellationToken.None), cancellationToken);

    private async Task DeleteAsync(long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Runs one job; true when it succeeded and may be deleted, false when it was put back for a retry or parked.</summary>
    private async Task<bool> RunOneAsync(Job job, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var runner = registry.Find(job.Type);
        if (runner is null)
        {
            failure = new InvalidOperationException($"No handler is registered for job type '{job.Type}'.");
        }
        else
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await runner(scope.ServiceProvider, job.Payload, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = exception;
            }
        }

        if (failure is null)
        {
            return true;
        }
        await using var finishScope = scopes.CreateAsyncScope();
        var db = finishScope.ServiceProvider.GetRequiredService<AppDbContext>();

        var now = time.GetUtcNow().UtcDateTime;
        var park = job.Attempts >= options.Value.Jobs.MaxAttempts;
        var error = Truncate($"{failure.GetType().Name}: {failure.Message}", 2000);
        var runAt = park ? now : now + Backoff(job.Attempts);
        if (park)
        {
            logger.LogError(failure, "Job {JobId} ({JobType}) failed {Attempts} times and is parked", job.Id, job.Type, job.Attempts);
        }
        else
        {
            logger.LogWarning(failure, "Job {JobId} ({JobType}) failed, attempt {Attempts}; retrying at {RunAt:o}", job.Id, job.Type, job.Attempts, runAt);
        }
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, park ? JobState.Parked : JobState.Pending)
            .SetProperty(j => j.RunAt, runAt)
            .SetProperty(j => j.LockedUntil, (DateTime?)null)
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        return false;
    }

    /// <summary>Exponential from 10 s, capped at 6 h, with ±25% jitter so a failing burst does not retry in lockstep.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(10 * Math.Pow(2, Math.Max(0, attempts - 1)), 6 * 3600);
        var jitter = 0.75 + Random.Shared.NextDouble() * 0.5;
        return TimeSpan.FromSeconds(seconds * jitter);
    }

    /// <summary>Runs every due job until none is left; how tests make background work happen deterministically.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var batch = await ClaimAsync(50, cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }
            await RunBatchAsync(batch, concurrency: 1, cancellationToken);
            total += batch.Count;
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
