using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Conversations;

/// <summary>File a new direct message into the conversations of its author and of the people it mentions.</summary>
public sealed record FileDirectMessageJob(long StatusId) : IJob
{
    public static string TypeName => "conversations.file_direct_message";
}

/// <summary>Direct messages are filed by a job, like notifications, so posting one stays fast.</summary>
public sealed class DirectConversationEventHandlers(JobQueue jobs) : IDomainEventHandler<StatusCreated>
{
    public Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Status is { Visibility: Visibility.Direct, IsReblog: false })
        {
            jobs.Enqueue(new FileDirectMessageJob(domainEvent.Status.Id));
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Each local participant has their own conversation per thread and set of people. A message makes it unread for
/// everyone but its author (writing in a conversation is reading it). As with notifications, someone who blocks or mutes
/// the author, or is blocked by them, is not given the message.
/// </summary>
public sealed class FileDirectMessageJobHandler(AppDbContext db, IdGenerator ids, TimeProvider time) : IJobHandler<FileDirectMessageJob>
{
    public async Task RunAsync(FileDirectMessageJob job, CancellationToken cancellationToken)
    {
        var status = await db.Statuses.AsNoTracking().Include(s => s.Mentions).FirstOrDefaultAsync(s => s.Id == job.StatusId, cancellationToken);
        if (status is null)
        {
            return; // Deleted before it was filed.
        }
        var now = time.GetUtcNow().UtcDateTime;
        var authorId = status.AccountId;
        var participants = status.Mentions.Select(m => m.AccountId).Append(authorId).Distinct().Order().ToList();
        var recipients = await db.Accounts
            .Where(a => participants.Contains(a.Id) && a.Domain == null && a.SuspendedAt == null)
            .Where(a => a.Id == authorId
                || (!db.Blocks.Any(b => (b.AccountId == a.Id && b.TargetAccountId == authorId) || (b.AccountId == authorId && b.TargetAccountId == a.Id))
                    && !db.Mutes.Any(m => m.AccountId == a.Id && m.TargetAccountId == authorId && (m.ExpiresAt == null || m.ExpiresAt > now))))
            .Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var recipientId in recipients)
        {
            var others = ParticipantKey(participants.Where(id => id != recipientId));
            var conversation = await db.DirectConversations.Include(c => c.Statuses)
                .FirstOrDefaultAsync(c => c.AccountId == recipientId && c.ThreadId == status.ConversationId && c.ParticipantIds == others, cancellationToken);
            if (conversation is null)
            {
                conversation = new DirectConversation { Id = ids.Next(), AccountId = recipientId, ThreadId = status.ConversationId, ParticipantIds = others };
                db.DirectConversations.Add(conversation);
            }
            if (conversation.Statuses.All(s => s.StatusId != status.Id))
            {
                conversation.Statuses.Add(new DirectConversationStatus { ConversationId = conversation.Id, StatusId = status.Id });
            }
            conversation.Unread = recipientId != authorId;
            conversation.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public static string ParticipantKey(IEnumerable<long> accountIds) =>
        string.Join(' ', accountIds.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<long> ParseParticipantKey(string key) =>
        key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
}
