namespace Starling.Server.Data.Entities;

/// <summary>
/// A client's Idempotency-Key for a post, remembered for an hour with what the first request made (a status or a
/// scheduled status), so a retried request returns that instead of posting twice.
/// </summary>
public sealed class IdempotencyKey
{
    public long AccountId { get; set; }
    public string Key { get; set; } = "";
    public long? StatusId { get; set; }
    public long? ScheduledStatusId { get; set; }
    public DateTime CreatedAt { get; set; }
}
