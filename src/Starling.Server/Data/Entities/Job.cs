namespace Starling.Server.Data.Entities;

/// <summary>A row of the durable job queue.</summary>
public sealed class Job
{
    public long Id { get; set; }
    /// <summary>The job type's name, used to find its handler.</summary>
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public JobState State { get; set; }
    public int Attempts { get; set; }
    public DateTime RunAt { get; set; }
    /// <summary>Set while a worker holds the job; a claim that outlives it is taken over.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum JobState
{
    Pending = 0,
    Running = 1,
    /// <summary>Failed too often: kept for an admin to retry or drop.</summary>
    Parked = 2,
}
