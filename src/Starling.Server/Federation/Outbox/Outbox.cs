using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Deliveries;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Outbox;

/// <summary>Who an activity goes to, before it is known which inboxes that means.</summary>
/// <param name="FollowersOf">Every remote follower of this local account.</param>
/// <param name="Accounts">Remote accounts named directly (mentioned, followed, blocked, the author of what was liked).</param>
/// <param name="Inboxes">Inboxes already known (captured before what they were found from was deleted).</param>
public sealed record Audience(long? FollowersOf = null, IReadOnlyList<long>? Accounts = null, IReadOnlyList<string>? Inboxes = null)
{
    public bool IsEmpty => FollowersOf is null && (Accounts?.Count ?? 0) == 0 && (Inboxes?.Count ?? 0) == 0;
}

/// <summary>The signing identity an activity goes out under.</summary>
public sealed record Signer(string KeyId, string PrivateKeyPem);

/// <summary>
/// Sends activities: stores each once in the caller's unit of work, with a job that turns its audience into one
/// delivery per inbox after the commit. So an activity exists exactly when the change it describes does.
/// </summary>
public sealed class ActivityOutbox(AppDbContext db, IdGenerator ids, JobQueue jobs, TimeProvider time)
{
    public void Publish(string activityUri, string json, Signer signer, Audience audience, long? statusId = null)
    {
        if (audience.IsEmpty)
        {
            return;
        }
        var activity = new OutboxActivity
        {
            Id = ids.Next(),
            Uri = activityUri,
            Json = json,
            KeyId = signer.KeyId,
            PrivateKeyPem = signer.PrivateKeyPem,
            StatusId = statusId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.OutboxActivities.Add(activity);
        jobs.Enqueue(new ExpandDeliveriesJob(activity.Id, audience.FollowersOf, [.. audience.Accounts ?? []], [.. audience.Inboxes ?? []]));
    }
}
