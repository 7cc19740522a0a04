using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Notifications;

/// <summary>Removes notifications a user has dealt with: one at a time, or all of them.</summary>
public sealed class DismissNotifications(AppDbContext db)
{
    public async Task DismissAsync(long viewerId, long notificationId, CancellationToken cancellationToken = default)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId && n.AccountId == viewerId, cancellationToken)
            ?? throw DomainException.NotFound("Notification");
        db.Notifications.Remove(notification);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ClearAsync(long viewerId, CancellationToken cancellationToken = default)
    {
        await db.Notifications.Where(n => n.AccountId == viewerId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordBulkChangeAsync(new Notification { AccountId = viewerId });
    }
}
