using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Jobs;

public sealed record QueueSummary(int Pending, int Running, int Parked);

/// <summary>What an admin sees and can do about the queue: counts, parked jobs, retry or discard.</summary>
public sealed class JobAdministration(AppDbContext db, JobSignal signal, TimeProvider time)
{
    public async Task<QueueSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(JobState state) => counts.FirstOrDefault(c => c.Key == state)?.Count ?? 0;
        return new QueueSummary(Of(JobState.Pending), Of(JobState.Running), Of(JobState.Parked));
    }

    public Task<List<Job>> ParkedAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        db.Jobs.AsNoTracking().Where(j => j.State == JobState.Parked).OrderByDescending(j => j.UpdatedAt).Take(limit).ToListAsync(cancellationToken);

    /// <summary>Puts a parked job back in the queue with a fresh count of attempts.</summary>
    public async Task<bool> RetryAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Parked).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Pending)
            .SetProperty(j => j.Attempts, 0)
            .SetProperty(j => j.RunAt, now)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (changed > 0)
        {
            signal.Notify();
        }
        return changed > 0;
    }

    public async Task<bool> DiscardAsync(long jobId, CancellationToken cancellationToken = default) =>
        await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Parked).ExecuteDeleteAsync(cancellationToken) > 0;
}
