using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Statuses.Scheduling;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Statuses;

/// <summary>
/// Posting, reading, editing and deleting statuses (<c>/api/v1/statuses</c>). Reading is open to anonymous callers for
/// what they may see; the viewer of a token sees what the token's account may see.
/// </summary>
public static class StatusesEndpoints
{
    public static IEndpointRouteBuilder MapStatuses(this IEndpointRouteBuilder app)
    {
        var statuses = app.MapGroup("/api/v1/statuses").WithTags("Statuses");
        statuses.MapPost("", CreateAsync).RequireScope("write:statuses").WithSummary("Post a status, or schedule it with scheduled_at");
        statuses.MapGet("/{id}", ShowAsync).WithSummary("View a status");
        statuses.MapDelete("/{id}", DeleteAsync).RequireScope("write:statuses").WithSummary("Delete a status; the reply carries its text for redrafting");
        statuses.MapPut("/{id}", EditAsync).RequireScope("write:statuses").WithSummary("Edit a status");
        statuses.MapGet("/{id}/context", ContextAsync).WithSummary("The ancestors and descendants of a status");
        statuses.MapGet("/{id}/history", HistoryAsync).WithSummary("Every version of a status");
        statuses.MapGet("/{id}/source", SourceAsync).RequireScope("read:statuses").WithSummary("The text of a status, for editing it");
        statuses.MapStatusActions();
        return app;
    }

    /// <summary>A status id from the path; anything that is not one of ours is simply not found.</summary>
    public static long ParseId(string id) => EntityIds.TryParse(id, out var value) ? value : throw ApiException.NotFound();

    /// <summary>The viewer behind the request's token, if any.</summary>
    public static long? ViewerId(HttpContext context) => context.Caller()?.AccountId;

    private static async Task<IResult> CreateAsync(HttpContext context, CreateStatus create, ScheduleStatus schedule, StatusPresenter statuses,
        ScheduledStatusRenderer scheduledRenderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var draft = StatusParameters.ReadDraft(parameters, context);
        var scheduledAt = StatusParameters.ReadTime(parameters, "scheduled_at");
        if (schedule.IsForLater(scheduledAt))
        {
            var scheduled = await schedule.ScheduleAsync(accountId, draft, scheduledAt!.Value, context.RequestAborted);
            return Results.Json(scheduledRenderer.Render(scheduled), ApiJson.Options);
        }
        var status = await create.CreateAsync(accountId, draft, context.RequestAborted);
        return Results.Json(await statuses.LoadAsync(status.Id, accountId, context.RequestAborted), ApiJson.Options);
    }

    private static async Task<StatusEntity> ShowAsync(string id, HttpContext context, StatusLoader loader, StatusPresenter statuses)
    {
        var viewerId = ViewerId(context);
        var view = await loader.LoadVisibleAsync(ParseId(id), viewerId, context.RequestAborted) ?? throw ApiException.NotFound();
        return await statuses.RenderAsync(view, viewerId, context.RequestAborted);
    }

    private static async Task<StatusEntity> DeleteAsync(string id, HttpContext context, DeleteStatus delete, StatusLoader loader, StatusRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var statusId = ParseId(id);
        // Loaded before it goes: the reply is the deleted post with its text, so the client can put it back in the composer.
        var view = await loader.LoadVisibleAsync(statusId, accountId, context.RequestAborted) ?? throw ApiException.NotFound();
        // delete_media=true: the files go now rather than after a day (Mastodon 4.4).
        var deleteMedia = (await ApiParameters.ReadAsync(context)).Bool("delete_media") ?? false;
        await delete.DeleteAsync(accountId, statusId, deleteMedia, context.RequestAborted);
        return renderer.Render(view, accountId, sourceRequested: true);
    }

    private static async Task<StatusEntity> EditAsync(string id, HttpContext context, EditStatus edit, StatusPresenter statuses)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var status = await edit.EditAsync(accountId, ParseId(id), StatusParameters.ReadEdit(parameters), context.RequestAborted);
        return await statuses.LoadAsync(status.Id, accountId, context.RequestAborted);
    }

    private static async Task<ContextEntity> ContextAsync(string id, HttpContext context, ThreadQueries threads, StatusPresenter statuses)
    {
        var viewerId = ViewerId(context);
        var thread = await threads.ThreadAsync(viewerId, ParseId(id), context.RequestAborted);
        return await statuses.RenderContextAsync(thread, viewerId, context.RequestAborted);
    }

    private static async Task<IReadOnlyList<StatusEditEntity>> HistoryAsync(string id, HttpContext context, EditStatus edit, StatusAccess access, StatusRenderer renderer)
    {
        var viewerId = ViewerId(context);
        var statusId = ParseId(id);
        var edits = await edit.HistoryAsync(statusId, viewerId, context.RequestAborted);
        var status = await access.FindVisibleAsync(statusId, viewerId, context.RequestAborted);
        return renderer.RenderHistory(status.Account, edits);
    }

    private static async Task<StatusSourceEntity> SourceAsync(string id, HttpContext context, StatusAccess access, StatusRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var status = await access.FindVisibleAsync(ParseId(id), accountId, context.RequestAborted);
        return renderer.RenderSource(status);
    }
}
