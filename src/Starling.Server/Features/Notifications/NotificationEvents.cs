using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Notifications;

/// <summary>Tell one local account that another did something to it.</summary>
public sealed record NotifyJob(long RecipientId, long FromAccountId, NotificationType Type, long? StatusId) : IJob
{
    public static string TypeName => "notifications.notify";
}

/// <summary>Decides who is told about what; the telling itself is queued so a busy post does not slow its author.</summary>
public sealed class NotificationEventHandlers(JobQueue jobs) :
    IDomainEventHandler<StatusCreated>,
    IDomainEventHandler<StatusFavourited>,
    IDomainEventHandler<StatusReblogged>,
    IDomainEventHandler<AccountFollowed>,
    IDomainEventHandler<FollowRequested>
{
    public Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken)
    {
        var status = domainEvent.Status;
        if (status.IsReblog)
        {
            return Task.CompletedTask;
        }
        var mentioned = status.Mentions.Select(m => m.AccountId).Where(id => id != status.AccountId).ToHashSet();
        foreach (var recipient in mentioned)
        {
            jobs.Enqueue(new NotifyJob(recipient, status.AccountId, NotificationType.Mention, status.Id));
        }
        if (status.InReplyToAccountId is { } parentAuthor && parentAuthor != status.AccountId && !mentioned.Contains(parentAuthor))
        {
            jobs.Enqueue(new NotifyJob(parentAuthor, status.AccountId, NotificationType.Reply, status.Id));
        }
        return Task.CompletedTask;
    }

    public Task HandleAsync(StatusFavourited domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Status.AccountId != domainEvent.Favourite.AccountId)
        {
            jobs.Enqueue(new NotifyJob(domainEvent.Status.AccountId, domainEvent.Favourite.AccountId, NotificationType.Favourite, domainEvent.Status.Id));
        }
        return Task.CompletedTask;
    }

    public Task HandleAsync(StatusReblogged domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Original.AccountId != domainEvent.Reblog.AccountId)
        {
            jobs.Enqueue(new NotifyJob(domainEvent.Original.AccountId, domainEvent.Reblog.AccountId, NotificationType.Reblog, domainEvent.Original.Id));
        }
        return Task.CompletedTask;
    }

    public Task HandleAsync(AccountFollowed domainEvent, CancellationToken cancellationToken)
    {
        if (!domainEvent.ByApproval)
        {
            jobs.Enqueue(new NotifyJob(domainEvent.Follow.TargetAccountId, domainEvent.Follow.AccountId, NotificationType.Follow, null));
        }
        return Task.CompletedTask;
    }

    public Task HandleAsync(FollowRequested domainEvent, CancellationToken cancellationToken)
    {
        jobs.Enqueue(new NotifyJob(domainEvent.Request.TargetAccountId, domainEvent.Request.AccountId, NotificationType.FollowRequest, null));
        return Task.CompletedTask;
    }
}

/// <summary>Writes the notification unless the recipient blocks or mutes the sender, cannot see the status, muted its thread, or was already told.</summary>
public sealed class NotifyJobHandler(AppDbContext db, IdGenerator ids, TimeProvider time) : IJobHandler<NotifyJob>
{
    public async Task RunAsync(NotifyJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var recipientIsLocal = await db.Accounts.AnyAsync(a => a.Id == job.RecipientId && a.Domain == null && a.SuspendedAt == null, cancellationToken);
        if (!recipientIsLocal
            || await db.Blocks.AnyAsync(b => (b.AccountId == job.RecipientId && b.TargetAccountId == job.FromAccountId)
                || (b.AccountId == job.FromAccountId && b.TargetAccountId == job.RecipientId), cancellationToken)
            || await db.Mutes.AnyAsync(m => m.AccountId == job.RecipientId && m.TargetAccountId == job.FromAccountId && m.HideNotifications
                && (m.ExpiresAt == null || m.ExpiresAt > now), cancellationToken))
        {
            return;
        }
        // Nothing about a status the recipient cannot see, or in a thread the recipient muted.
        if (job.StatusId is { } statusId && !await db.Statuses.Where(s => s.Id == statusId).VisibleTo(db, job.RecipientId)
                .AnyAsync(s => !db.ConversationMutes.Any(m => m.AccountId == job.RecipientId && m.ConversationId == s.ConversationId), cancellationToken))
        {
            return;
        }
        if (await db.Notifications.AnyAsync(n => n.AccountId == job.RecipientId && n.FromAccountId == job.FromAccountId && n.Type == job.Type
                && n.StatusId == job.StatusId, cancellationToken))
        {
            return;
        }
        db.Notifications.Add(new Notification
        {
            Id = ids.Next(),
            AccountId = job.RecipientId,
            FromAccountId = job.FromAccountId,
            Type = job.Type,
            StatusId = job.StatusId,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
