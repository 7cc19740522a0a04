using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>Mutes a thread for one account: no more notifications about any post in it. Idempotent both ways.</summary>
public sealed class MuteConversation(AppDbContext db, StatusAccess access, TimeProvider time)
{
    public async Task<Status> MuteAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await access.FindVisibleAsync(statusId, actorId, cancellationToken);
        if (!await db.ConversationMutes.AnyAsync(m => m.AccountId == actorId && m.ConversationId == status.ConversationId, cancellationToken))
        {
            db.ConversationMutes.Add(new ConversationMute { AccountId = actorId, ConversationId = status.ConversationId, CreatedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
        }
        return status;
    }

    public async Task<Status> UnmuteAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await access.FindVisibleAsync(statusId, actorId, cancellationToken);
        if (await db.ConversationMutes.FirstOrDefaultAsync(m => m.AccountId == actorId && m.ConversationId == status.ConversationId, cancellationToken) is { } mute)
        {
            db.ConversationMutes.Remove(mute);
            await db.SaveChangesAsync(cancellationToken);
        }
        return status;
    }
}
