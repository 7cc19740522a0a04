using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Features.Notifications;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Polls;

/// <summary>Runs when a poll is due to end: its voters and its author are told.</summary>
public sealed record PollExpiredJob(long PollId) : IJob
{
    public static string TypeName => "polls.expired";
}

/// <summary>Queues the end-of-poll job whenever a post gets a poll or a poll gets a new end.</summary>
public sealed class PollEventHandlers(AppDbContext db, JobQueue jobs, TimeProvider time) :
    IDomainEventHandler<StatusCreated>,
    IDomainEventHandler<StatusEdited>
{
    public Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken) => ScheduleEnd(domainEvent.Status);

    public Task HandleAsync(StatusEdited domainEvent, CancellationToken cancellationToken) => ScheduleEnd(domainEvent.Status);

    private Task ScheduleEnd(Status status)
    {
        if (status.Poll is not { } poll)
        {
            return Task.CompletedTask;
        }
        var entry = db.Entry(poll);
        if (entry.State == EntityState.Added || entry.Property(p => p.ExpiresAt).IsModified)
        {
            var delay = poll.ExpiresAt - time.GetUtcNow().UtcDateTime;
            jobs.Enqueue(new PollExpiredJob(poll.Id), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }
}

public sealed class PollExpiredJobHandler(AppDbContext db, JobQueue jobs, TimeProvider time) : IJobHandler<PollExpiredJob>
{
    public async Task RunAsync(PollExpiredJob job, CancellationToken cancellationToken)
    {
        var poll = await db.Polls.AsNoTracking().FirstOrDefaultAsync(p => p.Id == job.PollId, cancellationToken);
        // Gone with its status, or edited to end later: the job queued by that edit will come.
        if (poll is null || !poll.IsExpiredAt(time.GetUtcNow().UtcDateTime))
        {
            return;
        }
        var voters = await db.PollVotes.Where(v => v.PollId == poll.Id).Select(v => v.AccountId).Distinct().ToListAsync(cancellationToken);
        foreach (var recipient in voters.Append(poll.AccountId).Distinct())
        {
            jobs.Enqueue(new NotifyJob(recipient, poll.AccountId, NotificationType.Poll, poll.StatusId));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
