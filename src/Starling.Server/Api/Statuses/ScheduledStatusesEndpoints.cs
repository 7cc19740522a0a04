using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Statuses.Scheduling;

namespace Starling.Server.Api.Statuses;

/// <summary>The author's posts waiting for their time: list, view, move (<c>scheduled_at</c>) and cancel.</summary>
public static class ScheduledStatusesEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 40;

    public static IEndpointRouteBuilder MapScheduledStatuses(this IEndpointRouteBuilder app)
    {
        var scheduled = app.MapGroup("/api/v1/scheduled_statuses").WithTags("Scheduled statuses");
        scheduled.MapGet("", ListAsync).RequireScope("read:statuses").WithSummary("The posts waiting for their time");
        scheduled.MapGet("/{id}", ShowAsync).RequireScope("read:statuses").WithSummary("View a scheduled post");
        scheduled.MapPut("/{id}", RescheduleAsync).RequireScope("write:statuses").WithSummary("Move a scheduled post to another time");
        scheduled.MapDelete("/{id}", CancelAsync).RequireScope("write:statuses").WithSummary("Cancel a scheduled post");
        return app;
    }

    private static async Task<IReadOnlyList<ScheduledStatusEntity>> ListAsync(HttpContext context, ScheduledStatusQueries queries, ScheduledStatusRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var page = (await ApiParameters.ReadAsync(context)).Page(DefaultLimit, MaxLimit);
        var items = await queries.ListAsync(accountId, page, context.RequestAborted);
        ApiPagination.SetLinkHeader(context, items, s => s.Id, page);
        return renderer.Render(items);
    }

    private static async Task<ScheduledStatusEntity> ShowAsync(string id, HttpContext context, ScheduledStatusQueries queries, ScheduledStatusRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        return renderer.Render(await queries.FindAsync(accountId, StatusesEndpoints.ParseId(id), context.RequestAborted));
    }

    private static async Task<ScheduledStatusEntity> RescheduleAsync(string id, HttpContext context, ScheduleStatus schedule, ScheduledStatusRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var at = StatusParameters.ReadTime(parameters, "scheduled_at") ?? throw ApiException.Unprocessable("Validation failed: scheduled_at is missing");
        return renderer.Render(await schedule.RescheduleAsync(accountId, StatusesEndpoints.ParseId(id), at, context.RequestAborted));
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, ScheduleStatus schedule)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        await schedule.CancelAsync(accountId, StatusesEndpoints.ParseId(id), context.RequestAborted);
        return Results.Json(new { }, ApiJson.Options);
    }
}
