using System.Text.Json;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Jobs;

/// <summary>A job payload; its type name is stored in the row and picks the handler.</summary>
public interface IJob
{
    static abstract string TypeName { get; }
}

public interface IJobHandler<in TJob> where TJob : IJob
{
    Task RunAsync(TJob job, CancellationToken cancellationToken);
}

/// <summary>Adds job rows to the caller's unit of work: they commit, or vanish, with the change that caused them.</summary>
public sealed class JobQueue(AppDbContext db, IdGenerator ids, TimeProvider time)
{
    public void Enqueue<TJob>(TJob job, TimeSpan? delay = null) where TJob : IJob => db.Jobs.Add(NewRow(job, delay));

    /// <summary>
    /// Enqueues the job unless this unit of work already holds the same one, waiting: for work that does the same however
    /// often it is asked for in one change, such as announcing a profile that a request updated field by field.
    /// </summary>
    public void EnqueueOnce<TJob>(TJob job) where TJob : IJob
    {
        var payload = JsonSerializer.Serialize(job, JobSerialization.Options);
        if (!db.Jobs.Local.Any(j => j.Type == TJob.TypeName && j.Payload == payload && j.State == JobState.Pending))
        {
            Enqueue(job);
        }
    }

    /// <summary>The row <see cref="Enqueue"/> would add, for a caller that writes it with its own statement.</summary>
    public Job NewRow<TJob>(TJob job, TimeSpan? delay = null) where TJob : IJob
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new Job
        {
            Id = ids.Next(),
            Type = TJob.TypeName,
            Payload = JsonSerializer.Serialize(job, JobSerialization.Options),
            State = JobState.Pending,
            RunAt = now + (delay ?? TimeSpan.Zero),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}

internal static class JobSerialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
