using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Notifications;

public sealed record NotificationView(Notification Notification, Account From, StatusView? Status, bool Unread);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long? NextMaxId, long? PrevMinId);

/// <summary>Which notifications to list or count: of these types only (null: all), not of those, from one account only.</summary>
public sealed record NotificationFilter(
    IReadOnlyCollection<NotificationType>? Types = null,
    IReadOnlyCollection<NotificationType>? ExcludeTypes = null,
    long? FromAccountId = null)
{
    public static NotificationFilter None { get; } = new();

    public IQueryable<Notification> Apply(IQueryable<Notification> notifications)
    {
        if (Types is { } types)
        {
            var included = types.Distinct().ToList();
            notifications = notifications.Where(n => included.Contains(n.Type));
        }
        if (ExcludeTypes is { Count: > 0 } excludeTypes)
        {
            var excluded = excludeTypes.Distinct().ToList();
            notifications = notifications.Where(n => !excluded.Contains(n.Type));
        }
        if (FromAccountId is { } from)
        {
            notifications = notifications.Where(n => n.FromAccountId == from);
        }
        return notifications;
    }
}

/// <summary>Lists notifications and tracks how far the user has read them, in Mastodon's "notifications" marker.</summary>
public sealed class NotificationQueries(AppDbContext db, StatusLoader loader, TimeProvider time)
{
    public const string MarkerTimeline = "notifications";

    public Task<NotificationPage> ListAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default) =>
        ListAsync(viewerId, page, NotificationFilter.None, cancellationToken);

    public async Task<NotificationPage> ListAsync(long viewerId, PageRequest page, NotificationFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = (await filter.Apply(Shown(viewerId)).AsNoTracking().Include(n => n.FromAccount)
            .ApplyKeyset(page, n => n.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        var items = await ViewsAsync(viewerId, rows, cancellationToken);
        return new NotificationPage(items, rows.Count > 0 ? rows[^1].Id : null, rows.Count > 0 ? rows[0].Id : null);
    }

    /// <summary>One of the viewer's notifications; another account's, or one from a suspended account, is not found.</summary>
    public async Task<NotificationView> FindAsync(long viewerId, long notificationId, CancellationToken cancellationToken = default)
    {
        var row = await Shown(viewerId).AsNoTracking().Include(n => n.FromAccount).FirstOrDefaultAsync(n => n.Id == notificationId, cancellationToken)
            ?? throw DomainException.NotFound("Notification");
        return (await ViewsAsync(viewerId, [row], cancellationToken))[0];
    }

    public Task<int> UnreadCountAsync(long viewerId, CancellationToken cancellationToken = default) =>
        UnreadCountAsync(viewerId, NotificationFilter.None, int.MaxValue, cancellationToken);

    /// <summary>Notifications newer than the "notifications" marker, counted up to <paramref name="cap"/>.</summary>
    public async Task<int> UnreadCountAsync(long viewerId, NotificationFilter filter, int cap, CancellationToken cancellationToken = default)
    {
        var lastRead = await LastReadIdAsync(viewerId, cancellationToken);
        var unread = filter.Apply(Shown(viewerId)).Where(n => n.Id > lastRead);
        // Counting a capped subquery stops reading at the cap, however many there are.
        return cap == int.MaxValue
            ? await unread.CountAsync(cancellationToken)
            : await unread.OrderByDescending(n => n.Id).Take(cap).CountAsync(cancellationToken);
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
        else if (marker.LastReadId >= newest.Value)
        {
            return;
        }
        else
        {
            marker.Version++;
        }
        marker.LastReadId = newest.Value;
        marker.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request (an app saving its marker, another tab) moved the marker at the same moment: its position stands.
        }
    }

    /// <summary>What the list shows: notifications from suspended accounts are hidden, so they are not unread either.</summary>
    private IQueryable<Notification> Shown(long viewerId) =>
        db.Notifications.Where(n => n.AccountId == viewerId && n.FromAccount.SuspendedAt == null);

    private async Task<IReadOnlyList<NotificationView>> ViewsAsync(long viewerId, List<Notification> rows, CancellationToken cancellationToken)
    {
        var lastRead = await LastReadIdAsync(viewerId, cancellationToken);
        var statusIds = rows.Where(n => n.StatusId is not null).Select(n => n.StatusId!.Value).Distinct().ToList();
        var statuses = (await loader.LoadAsync(statusIds, viewerId, cancellationToken)).ToDictionary(s => s.Status.Id);
        return rows
            .Select(n => new NotificationView(n, n.FromAccount, n.StatusId is { } id ? statuses.GetValueOrDefault(id) : null, n.Id > lastRead))
            .ToList();
    }

    private async Task<long> LastReadIdAsync(long viewerId, CancellationToken cancellationToken) =>
        await db.Markers.Where(m => m.AccountId == viewerId && m.Timeline == MarkerTimeline).Select(m => (long?)m.LastReadId).FirstOrDefaultAsync(cancellationToken) ?? 0;
}
