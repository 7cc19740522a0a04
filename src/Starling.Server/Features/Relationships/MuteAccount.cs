using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Relationships;

/// <summary>Muting hides an account's posts from the muter's timelines (and, optionally, its notifications) without telling it.</summary>
public sealed class MuteAccount(AppDbContext db, RelationshipGuard guard, IdGenerator ids, TimeProvider time)
{
    public async Task MuteAsync(long actorId, long targetId, bool hideNotifications = true, TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        await guard.LoadPairAsync(actorId, targetId, "mute", cancellationToken);
        if (duration is { } d && d < TimeSpan.Zero)
        {
            throw DomainException.Invalid("A mute's duration cannot be negative.", "duration");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var mute = await db.Mutes.FirstOrDefaultAsync(m => m.AccountId == actorId && m.TargetAccountId == targetId, cancellationToken);
        if (mute is null)
        {
            mute = new Mute { Id = ids.Next(), AccountId = actorId, TargetAccountId = targetId, CreatedAt = now };
            db.Mutes.Add(mute);
        }
        mute.HideNotifications = hideNotifications;
        mute.ExpiresAt = duration is { } length && length > TimeSpan.Zero ? now + length : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UnmuteAsync(long actorId, long targetId, CancellationToken cancellationToken = default)
    {
        await guard.LoadPairAsync(actorId, targetId, "unmute", cancellationToken);
        await db.Mutes.Where(m => m.AccountId == actorId && m.TargetAccountId == targetId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordBulkChangeAsync(new Mute { AccountId = actorId, TargetAccountId = targetId });
    }
}
