using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Notifications;

/// <summary>
/// The user's notifications: the list (filtered by <c>types[]</c>, <c>exclude_types[]</c> and <c>account_id</c>; 40 by
/// default, at most 80), one by id, dismissing one or all, and the unread count, measured from the "notifications" marker.
/// </summary>
public static class NotificationsEndpoints
{
    public const int DefaultLimit = 40;
    public const int MaxLimit = 80;
    public const int DefaultUnreadCountLimit = 100;
    public const int MaxUnreadCountLimit = 1000;

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/v1/notifications").WithTags("Notifications");
        notifications.MapGet("", ListAsync).RequireScope("read:notifications").WithSummary("The user's notifications, newest first");
        notifications.MapGet("/unread_count", UnreadCountAsync).RequireScope("read:notifications").WithSummary("How many notifications are newer than the read marker");
        notifications.MapGet("/{id}", GetAsync).RequireScope("read:notifications").WithSummary("One notification");
        notifications.MapPost("/clear", ClearAsync).RequireScope("write:notifications").WithSummary("Dismiss every notification");
        notifications.MapPost("/{id}/dismiss", DismissAsync).RequireScope("write:notifications").WithSummary("Dismiss one notification");
        return app;
    }

    private static async Task<IReadOnlyList<NotificationEntity>> ListAsync(HttpContext context, NotificationQueries notifications, NotificationRenderer renderer, StatusPresenter statuses,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var page = parameters.Page(DefaultLimit, MaxLimit);
        var result = await notifications.ListAsync(viewerId, page, Filter(parameters), cancellationToken);
        // Paged by the rows read, even when some are left out for want of their status.
        ApiPagination.SetLinkHeader(context, result.PrevMinId, result.NextMaxId, result.Items.Count >= page.EffectiveLimit);
        var filtered = await statuses.MatchAsync(result.Items.Select(n => n.Status).OfType<StatusView>().ToList(), viewerId, cancellationToken);
        return renderer.Render(result.Items, viewerId, filtered);
    }

    private static async Task<NotificationEntity> GetAsync(string id, HttpContext context, NotificationQueries notifications, NotificationRenderer renderer, StatusPresenter statuses,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var view = await notifications.FindAsync(viewerId, RouteId(id), cancellationToken);
        var filtered = await statuses.MatchAsync(view.Status, viewerId, cancellationToken);
        return renderer.Render(view, viewerId, filtered) ?? throw ApiException.NotFound();
    }

    private static async Task<UnreadCountEntity> UnreadCountAsync(HttpContext context, NotificationQueries notifications, CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var cap = Math.Clamp(parameters.Int(ApiPagination.Limit) ?? DefaultUnreadCountLimit, 1, MaxUnreadCountLimit);
        return new UnreadCountEntity(await notifications.UnreadCountAsync(viewerId, Filter(parameters), cap, cancellationToken));
    }

    private static async Task<IResult> ClearAsync(HttpContext context, DismissNotifications dismiss, CancellationToken cancellationToken)
    {
        await dismiss.ClearAsync(context.RequiredCaller().RequireAccountId(), cancellationToken);
        return Results.Json(new { }, ApiJson.Options);
    }

    private static async Task<IResult> DismissAsync(string id, HttpContext context, DismissNotifications dismiss, CancellationToken cancellationToken)
    {
        await dismiss.DismissAsync(context.RequiredCaller().RequireAccountId(), RouteId(id), cancellationToken);
        return Results.Json(new { }, ApiJson.Options);
    }

    /// <summary>Mastodon's type names; those Starling never sends match nothing, so <c>types[]=poll</c> lists none.</summary>
    private static NotificationFilter Filter(ApiParameters parameters)
    {
        // An empty value (types[]=) names no type, as if the parameter were absent.
        var types = parameters.Strings("types").Where(t => t.Length > 0).ToList();
        var excluded = parameters.Strings("exclude_types").Where(t => t.Length > 0).ToList();
        return new NotificationFilter(
            types.Count > 0 ? types.SelectMany(NotificationTypes.ToDomain).ToList() : null,
            excluded.Count > 0 ? excluded.SelectMany(NotificationTypes.ToDomain).ToList() : null,
            parameters.Id("account_id"));
    }

    private static long RouteId(string id) => EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();
}

/// <summary>The body of <c>GET /api/v1/notifications/unread_count</c>.</summary>
public sealed record UnreadCountEntity([property: System.Text.Json.Serialization.JsonPropertyName("count")] int Count);
