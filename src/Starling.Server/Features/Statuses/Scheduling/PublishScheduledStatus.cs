using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Polls;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Statuses.Scheduling;

/// <summary>Publishes one scheduled post when it is due.</summary>
public sealed record PublishScheduledStatusJob(long ScheduledStatusId) : IJob
{
    public static string TypeName => "statuses.publish-scheduled";
}

public sealed class PublishScheduledStatusJobHandler(AppDbContext db, CreateStatus create, TimeProvider time, ILogger<PublishScheduledStatusJobHandler> logger)
    : IJobHandler<PublishScheduledStatusJob>
{
    public async Task RunAsync(PublishScheduledStatusJob job, CancellationToken cancellationToken)
    {
        var scheduled = await db.ScheduledStatuses.FirstOrDefaultAsync(s => s.Id == job.ScheduledStatusId, cancellationToken);
        // Cancelled, already published, or moved later (the move queued its own job).
        if (scheduled is null || scheduled.ScheduledAt > time.GetUtcNow().UtcDateTime)
        {
            return;
        }
        // Removed in the unit of work CreateStatus commits, so the post appears and the schedule goes in one transaction.
        db.ScheduledStatuses.Remove(scheduled);
        var p = scheduled.Params;
        var draft = new StatusDraft(
            p.Text,
            p.SpoilerText,
            p.Visibility ?? Visibility.Public,
            p.InReplyToId,
            p.Sensitive ?? false,
            p.Language,
            p.Poll is { } poll ? new PollDraft(poll.Options, poll.ExpiresInSeconds, poll.Multiple, poll.HideTotals) : null,
            MediaIds: p.MediaIds);
        try
        {
            await create.CreateAsync(scheduled.AccountId, draft, cancellationToken);
        }
        catch (DomainException refused)
        {
            // The post became impossible while it waited (its author was suspended, the post it answers was deleted):
            // retrying would not help, so it is dropped, as Mastodon drops it.
            logger.LogWarning("Scheduled status {Id} of account {AccountId} was not published: {Reason}", scheduled.Id, scheduled.AccountId, refused.Message);
            db.ChangeTracker.Clear();
            await db.ScheduledStatuses.Where(s => s.Id == job.ScheduledStatusId).ExecuteDeleteAsync(cancellationToken);
            await db.RecordBulkChangeAsync(new ScheduledStatus { Id = job.ScheduledStatusId });
        }
    }
}
