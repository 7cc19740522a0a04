using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Tags;
using Starling.Server.Features.Trends;

namespace Starling.Server.Api.Trends;

/// <summary>
/// <c>/api/v1/trends/tags</c>, <c>/statuses</c> and <c>/links</c> (and the old <c>/api/v1/trends</c> for tags), public,
/// paged by <c>offset</c> with a Link header as on Mastodon. Links stay empty until link previews exist.
/// </summary>
public static class TrendsEndpoints
{
    public const int DefaultLimit = 10;
    public const int MaxTagLimit = 20;
    public const int MaxStatusLimit = 40;

    public static IEndpointRouteBuilder MapTrends(this IEndpointRouteBuilder app)
    {
        var trends = app.MapGroup("/api/v1/trends").WithTags("Trends");
        trends.MapGet("", TagsAsync).AllowAnonymousOrScope().WithSummary("Trending hashtags (old path)");
        trends.MapGet("/tags", TagsAsync).AllowAnonymousOrScope().WithSummary("Hashtags used by the most people this week");
        trends.MapGet("/statuses", StatusesAsync).AllowAnonymousOrScope().WithSummary("Public posts favourited and boosted the most this week");
        trends.MapGet("/links", () => Array.Empty<PreviewCardEntity>()).AllowAnonymousOrScope().WithSummary("Trending links (none yet)");
        return app;
    }

    private static async Task<IReadOnlyList<TagEntity>> TagsAsync(HttpContext context, TrendQueries trends, TagQueries queries, FollowedTags followed, TagRenderer renderer)
    {
        var (limit, offset) = await ReadRangeAsync(context, MaxTagLimit);
        var found = await trends.TagsAsync(limit, offset, context.RequestAborted);
        var ids = found.Select(t => t.Tag.Id).ToList();
        var history = await queries.HistoryAsync(ids, context.RequestAborted);
        var viewer = context.Caller()?.AccountId;
        var following = viewer is { } reader ? await followed.FollowedAmongAsync(reader, ids, context.RequestAborted) : null;
        ApiPagination.SetOffsetLinkHeader(context, offset, limit, found.Count);
        return found.Select(t => renderer.Render(t.Tag, history[t.Tag.Id], following?.Contains(t.Tag.Id))).ToList();
    }

    private static async Task<IReadOnlyList<StatusEntity>> StatusesAsync(HttpContext context, TrendQueries trends, StatusPresenter statuses)
    {
        var (limit, offset) = await ReadRangeAsync(context, MaxStatusLimit);
        var viewer = context.Caller()?.AccountId;
        var found = await trends.StatusesAsync(viewer, limit, offset, context.RequestAborted);
        ApiPagination.SetOffsetLinkHeader(context, offset, limit, found.Count);
        return await statuses.RenderAsync(found, viewer, context.RequestAborted);
    }

    private static async Task<(int Limit, int Offset)> ReadRangeAsync(HttpContext context, int maxLimit)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var offset = parameters.Int("offset") ?? 0;
        if (offset < 0)
        {
            throw ApiException.Unprocessable("offset must not be negative");
        }
        return (Math.Clamp(parameters.Int("limit") ?? DefaultLimit, 1, maxLimit), offset);
    }
}
