using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Notifications;

public sealed record NotificationView(Notification Notification, Account From, StatusView? Status, bool Unread);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long? NextMaxId, long? PrevMinId);

/// <summary>Lists notifications and tracks how far the user has read them, in Mastodon's "notifications" marker.</summary>
public sealed class NotificationQueries(AppDbContext db, StatusLoader loader, TimeProvider time)
{
    public const string MarkerTimeline = "notifications";

    public async Task<NotificationPage> ListAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var rows = (await db.Notifications.AsNoTracking().Include(n => n.FromAccount)
            .Where(n => n.AccountId == viewerId && n.FromAccount.SuspendedAt == null)
            .ApplyKeyset(page, n => n.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        var lastRead = await LastReadIdAsync(viewerId, cancellationToken);
        var statusIds = rows.Where(n => n.StatusId is not null).Select(n => n.StatusId!.Value).Distinct().ToList();
        var statuses = (await loader.LoadAsync(statusIds, viewerId, cancellationToken)).ToDictionary(s => s.Status.Id);
        var items = rows
            .Select(n => new NotificationView(n, n.FromAccount, n.StatusId is { } id ? statuses.GetValueOrDefault(id) : null, n.Id > lastRead))
            .ToList();
        return new NotificationPage(items, rows.Count > 0 ? rows[^1].Id : null, rows.Count > 0 ? rows[0].Id : null);
    }

    /// <summary>One of the viewer's notifications as the list shows it, or null when it is gone or hidden there.</summary>
    public async Task<NotificationView?> FindAsync(long viewerId, long notificationId, CancellationToken cancellationToken = default)
    {
        var row = await db.Notifications.AsNoTracking().Include(n => n.FromAccount)
            .FirstOrDefaultAsync(n => n.Id == notificationId && n.AccountId == viewerId && n.FromAccount.SuspendedAt == null, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var status = row.StatusId is { } statusId ? await loader.LoadOneAsync(statusId, viewerId, cancellationToken) : null;
        return new NotificationView(row, row.FromAccount, status, row.Id > await LastReadIdAsync(viewerId, cancellationToken));
    }

    public async Task<int> UnreadCountAsync(long viewerId, CancellationToken cancellationToken = default)
    {
        var lastRead = await LastReadIdAsync(viewerId, cancellationToken);
        // Counts what the list shows: notifications from suspended accounts are hidden there, so they are not unread here.
        return await db.Notifications.CountAsync(n => n.AccountId == viewerId && n.Id > lastRead && n.FromAccount.SuspendedAt == null, cancellationToken);
    }

    /// <summary>Moves the read marker forward to the newest notification (never backwards).</summary>
    public async Task MarkAllReadAsync(long viewerId, CancellationToken cancellationToken = default)
    {
        var newest = await db.Notifications.Where(n => n.AccountId == viewerId).MaxAsync(n => (long?)n.Id, cancellationToken);
        if (newest is null)
        {
            return;
        }
        var marker = await db.Markers.FirstOrDefaultAsync(m => m.AccountId == viewerId && m.Timeline == MarkerTimeline, cancellationToken);
        if (marker is null)
        {
            db.Markers.Add(marker = new Marker { AccountId = viewerId, Timeline = MarkerTimeline });
        }
        marker.LastReadId = Math.Max(marker.LastReadId, newest.Value);
        marker.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<long> LastReadIdAsync(long viewerId, CancellationToken cancellationToken) =>
        await db.Markers.Where(m => m.AccountId == viewerId && m.Timeline == MarkerTimeline).Select(m => (long?)m.LastReadId).FirstOrDefaultAsync(cancellationToken) ?? 0;
}
