using Starling.Server.Features.Filters;
using Starling.Server.Features.Notifications;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Notifications as Mastodon clients expect them, from <see cref="NotificationQueries"/>.</summary>
public sealed class NotificationRenderer(AccountRenderer accounts, StatusRenderer statuses)
{
    /// <summary>
    /// The notification, or null when it is about a status the viewer can no longer be shown (deleted since):
    /// clients expect the status on such a notification, so it is better left out than sent without one.
    /// </summary>
    /// <param name="filtered">The viewer's filter matches (<see cref="StatusPresenter.MatchAsync"/>).</param>
    public NotificationEntity? Render(NotificationView view, long viewerId, IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null)
    {
        var type = NotificationTypes.Of(view.Notification.Type);
        var aboutStatus = NotificationTypes.IsAboutStatus(type);
        if (aboutStatus && view.Status is null)
        {
            return null;
        }
        return new NotificationEntity
        {
            Id = EntityIds.Of(view.Notification.Id),
            Type = type,
            CreatedAt = view.Notification.CreatedAt,
            GroupKey = $"ungrouped-{EntityIds.Of(view.Notification.Id)}",
            Account = accounts.Render(view.From),
            Status = aboutStatus ? statuses.Render(view.Status!, viewerId, filtered: filtered) : null,
        };
    }

    /// <summary>A page of notifications, leaving out those <see cref="Render(NotificationView, long, IReadOnlyDictionary{long, IReadOnlyList{FilterMatch}})"/> cannot show.</summary>
    public IReadOnlyList<NotificationEntity> Render(IEnumerable<NotificationView> views, long viewerId, IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null) =>
        views.Select(view => Render(view, viewerId, filtered)).OfType<NotificationEntity>().ToList();
}
