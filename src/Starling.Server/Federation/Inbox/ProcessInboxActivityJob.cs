using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Inbox;

/// <summary>An activity the inbox accepted, as received, waiting for its handler.</summary>
/// <param name="Activity">The activity's JSON exactly as it arrived.</param>
/// <param name="SenderAccountId">The remote account that signed it (its actor).</param>
/// <param name="RecipientUsername">The local account whose inbox it came to; null for the shared inbox.</param>
public sealed record ProcessInboxActivityJob(string Activity, long SenderAccountId, string? RecipientUsername) : IJob
{
    public static string TypeName => "federation.process-inbox-activity";
}

/// <summary>
/// The second half of the inbox pipeline: reads the activity again and hands it to the <see cref="IInboxHandler"/>
/// registered under its type. A handler that throws makes the job retry (with the queue's backoff); one that finds the
/// activity invalid throws <see cref="InvalidActivityException"/>, and the activity is logged and dropped.
/// </summary>
public sealed class ProcessInboxActivityJobHandler(AppDbContext db, IServiceProvider services, ILogger<ProcessInboxActivityJobHandler> logger)
    : IJobHandler<ProcessInboxActivityJob>
{
    public async Task RunAsync(ProcessInboxActivityJob job, CancellationToken cancellationToken)
    {
        if (ActivityStreamsJson.Deserialize(job.Activity) is not Activity activity)
        {
            logger.LogWarning("A queued inbox activity is not an activity any more; dropped");
            return;
        }
        // A post costs a handful of statements: they share one connection rather than take one from the pool each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var sender = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == job.SenderAccountId, cancellationToken);
        if (sender is null || sender.IsSuspended)
        {
            logger.LogInformation("Dropped {Type} {Activity}: its sender is gone or suspended", activity.Type, activity.Id);
            return;
        }
        var handler = services.GetKeyedService<IInboxHandler>(activity.Type);
        if (handler is null)
        {
            logger.LogDebug("Dropped {Type} {Activity} from {Actor}: no handler for that type", activity.Type, activity.Id, sender.Uri);
            return;
        }
        try
        {
            await handler.HandleAsync(activity, new InboxDelivery(sender, job.RecipientUsername), cancellationToken);
        }
        catch (InvalidActivityException exception)
        {
            logger.LogInformation("Dropped {Type} {Activity} from {Actor}: {Reason}", activity.Type, activity.Id, sender.Uri, exception.Message);
        }
    }
}
