using Microsoft.EntityFrameworkCore;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Markers;

namespace Starling.Server.Api.Markers;

/// <summary>
/// Where the user stopped reading home and notifications (<c>/api/v1/markers</c>), so that every app they use resumes
/// there. Answers are objects keyed by timeline name, holding only the markers asked for that exist.
/// </summary>
public static class MarkersEndpoints
{
    public const string LastReadId = "last_read_id";

    public static IEndpointRouteBuilder MapMarkers(this IEndpointRouteBuilder app)
    {
        var markers = app.MapGroup("/api/v1/markers").WithTags("Markers");
        markers.MapGet("", GetAsync).RequireScope("read:statuses").WithSummary("Saved reading positions (timeline[]=home&timeline[]=notifications)");
        markers.MapPost("", SaveAsync).RequireScope("write:statuses").WithSummary("Save reading positions (home[last_read_id], notifications[last_read_id])");
        return app;
    }

    private static async Task<IReadOnlyDictionary<string, MarkerEntity>> GetAsync(HttpContext context, TimelineMarkers markers, MarkerRenderer renderer,
        CancellationToken cancellationToken)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        return renderer.Render(await markers.GetAsync(accountId, parameters.Strings("timeline"), cancellationToken));
    }

    private static async Task<IReadOnlyDictionary<string, MarkerEntity>> SaveAsync(HttpContext context, TimelineMarkers markers, MarkerRenderer renderer,
        CancellationToken cancellationToken)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        // Other keys are ignored, as Mastodon permits only these two.
        foreach (var timeline in TimelineMarkers.Timelines.Where(parameters.Has))
        {
            positions[timeline] = parameters.Section(timeline)!.Id(LastReadId)
                ?? throw ApiException.Unprocessable("Validation failed: Last read id can't be blank");
        }
        try
        {
            return renderer.Render(await markers.SaveAsync(accountId, positions, cancellationToken));
        }
        catch (DbUpdateException)
        {
            // Another app saved the same marker at the same moment; Mastodon asks the client to try again.
            throw new ApiException(StatusCodes.Status409Conflict, "Conflict during update, please try again");
        }
    }
}
