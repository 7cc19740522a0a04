using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;
using Starling.Server.Infrastructure.Caching;

namespace Starling.Server.Api.Timelines;

/// <summary>
/// The status timelines: home, public, hashtag and list. Each is one <see cref="TimelineQueries"/> call (one status batch
/// loaded by <see cref="Features.Statuses.StatusLoader"/>) rendered as is, paged with max_id, since_id, min_id and limit
/// (20 by default, at most 40) and a Link header.
/// </summary>
public static class TimelinesEndpoints
{
    public static IEndpointRouteBuilder MapTimelines(this IEndpointRouteBuilder app)
    {
        var timelines = app.MapGroup("/api/v1/timelines").WithTags("Timelines");
        timelines.MapGet("/home", HomeAsync).RequireScope("read:statuses").Produces<IReadOnlyList<StatusEntity>>()
            .WithSummary("Posts from followed accounts");
        timelines.MapGet("/public", PublicAsync).Produces<IReadOnlyList<StatusEntity>>()
            .WithSummary("Public posts (local, remote, only_media)");
        timelines.MapGet("/tag/{hashtag}", TagAsync).Produces<IReadOnlyList<StatusEntity>>()
            .WithSummary("Public posts with a hashtag (any[], all[], none[], local, remote, only_media)");
        timelines.MapGet("/list/{id}", ListAsync).RequireScope("read:lists").WithSummary("Posts from a list's members");
        return app;
    }

    private static async Task<IResult> HomeAsync(HttpContext context, TimelineQueries timelines, StatusPresenter statuses, ApiResponseCache cache,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        return await cache.TimelineAsync(context, "home", viewerId, [], async () =>
        {
            var page = (await ApiParameters.ReadAsync(context)).Page();
            return await BuildAsync(context, await timelines.HomeAsync(viewerId, page, cancellationToken), page, viewerId, statuses);
        });
    }

    /// <summary>Open to anyone, as on Mastodon by default; a signed-in reader's mutes and blocks are applied.</summary>
    private static async Task<IResult> PublicAsync(HttpContext context, TimelineQueries timelines, StatusPresenter statuses, ApiResponseCache cache,
        CancellationToken cancellationToken)
    {
        var viewerId = context.Caller()?.AccountId;
        return await cache.TimelineAsync(context, "public", viewerId, [ResponseCacheTags.PublicTimelines], async () =>
        {
            var parameters = await ApiParameters.ReadAsync(context);
            var page = parameters.Page();
            var result = await timelines.PublicAsync(viewerId, Origin(parameters), parameters.Bool("only_media", false), page, cancellationToken);
            return await BuildAsync(context, result, page, viewerId, statuses);
        });
    }

    private static async Task<IResult> TagAsync(string hashtag, HttpContext context, TimelineQueries timelines, StatusPresenter statuses,
        ApiResponseCache cache, CancellationToken cancellationToken)
    {
        var viewerId = context.Caller()?.AccountId;
        return await cache.TimelineAsync(context, "tag:" + hashtag, viewerId, [ResponseCacheTags.PublicTimelines], async () =>
        {
            var parameters = await ApiParameters.ReadAsync(context);
            var page = parameters.Page();
            var query = new TagTimelineQuery(hashtag, parameters.Strings("any"), parameters.Strings("all"), parameters.Strings("none"),
                Origin(parameters), parameters.Bool("only_media", false));
            return await BuildAsync(context, await timelines.TagAsync(viewerId, query, page, cancellationToken), page, viewerId, statuses);
        });
    }

    /// <summary>Not cached: a list's timeline changes with its members' posts, which no tag of the reader's follows.</summary>
    private static async Task<IReadOnlyList<StatusEntity>> ListAsync(string id, HttpContext context, TimelineQueries timelines, StatusPresenter statuses,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var listId = EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();
        var page = (await ApiParameters.ReadAsync(context)).Page();
        return await RespondAsync(context, await timelines.ListAsync(viewerId, listId, page, cancellationToken), page, viewerId, statuses);
    }

    /// <summary>As on Mastodon, <c>local</c> and <c>remote</c> together mean both.</summary>
    private static TimelineOrigin Origin(ApiParameters parameters) => (parameters.Bool("local", false), parameters.Bool("remote", false)) switch
    {
        (true, false) => TimelineOrigin.Local,
        (false, true) => TimelineOrigin.Remote,
        _ => TimelineOrigin.Everywhere,
    };

    private static async Task<IReadOnlyList<StatusEntity>> RespondAsync(HttpContext context, TimelinePage result, PageRequest page, long? viewerId,
        StatusPresenter statuses)
    {
        ApiPagination.SetLinkHeader(context, result.PrevMinId, result.NextMaxId, result.Items.Count >= page.EffectiveLimit);
        return await statuses.RenderAsync(result.Items, viewerId, context.RequestAborted);
    }

    private static async Task<ApiResponseCache.Built> BuildAsync(HttpContext context, TimelinePage result, PageRequest page, long? viewerId,
        StatusPresenter statuses) =>
        new(result.Items, await RespondAsync(context, result, page, viewerId, statuses));
}
