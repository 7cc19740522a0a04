using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Tags;

namespace Starling.Server.Api.Tags;

/// <summary>
/// Hashtags and following them: <c>GET /api/v1/tags/:name</c>, <c>POST /api/v1/tags/:name/follow|unfollow</c> and
/// <c>GET /api/v1/followed_tags</c>. Public posts with a followed hashtag reach the follower's home timeline.
/// </summary>
public static class TagsEndpoints
{
    public const int DefaultFollowedLimit = 40;

    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/api/v1/tags").WithTags("Tags");
        tags.MapGet("/{name}", ShowAsync).AllowAnonymousOrScope().WithSummary("A hashtag with its use this week (and whether the user follows it)");
        tags.MapPost("/{name}/follow", FollowAsync).RequireScope("write:follows").WithSummary("Follow a hashtag");
        tags.MapPost("/{name}/unfollow", UnfollowAsync).RequireScope("write:follows").WithSummary("Stop following a hashtag");
        app.MapGet("/api/v1/followed_tags", FollowedAsync).RequireScope("read:follows").WithTags("Tags").WithSummary("The hashtags the user follows");
        return app;
    }

    private static async Task<TagEntity> ShowAsync(string name, HttpContext context, FollowedTags followed, TagQueries queries, TagRenderer renderer)
    {
        var tag = await followed.FindAsync(name, context.RequestAborted);
        var viewer = context.Caller()?.AccountId;
        var following = viewer is { } reader ? (await followed.FollowedAmongAsync(reader, [tag.Id], context.RequestAborted)).Contains(tag.Id) : (bool?)null;
        return await RenderAsync(tag, following, queries, renderer, context.RequestAborted);
    }

    private static async Task<TagEntity> FollowAsync(string name, HttpContext context, FollowTag follow, TagQueries queries, TagRenderer renderer)
    {
        var tag = await follow.FollowAsync(context.RequiredCaller().RequireAccountId(), name, context.RequestAborted);
        return await RenderAsync(tag, true, queries, renderer, context.RequestAborted);
    }

    private static async Task<TagEntity> UnfollowAsync(string name, HttpContext context, FollowTag follow, TagQueries queries, TagRenderer renderer)
    {
        var tag = await follow.UnfollowAsync(context.RequiredCaller().RequireAccountId(), name, context.RequestAborted);
        return await RenderAsync(tag, false, queries, renderer, context.RequestAborted);
    }

    private static async Task<IReadOnlyList<TagEntity>> FollowedAsync(HttpContext context, FollowedTags followed, TagQueries queries, TagRenderer renderer)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var page = parameters.Page(DefaultFollowedLimit);
        var rows = await followed.ListAsync(context.RequiredCaller().RequireAccountId(), page, context.RequestAborted);
        var history = await queries.HistoryAsync(rows.Select(r => r.Tag.Id).ToList(), context.RequestAborted);
        ApiPagination.SetLinkHeader(context, rows, r => r.FollowId, page);
        return rows.Select(r => renderer.Render(r.Tag, history[r.Tag.Id], true)).ToList();
    }

    private static async Task<TagEntity> RenderAsync(Tag tag, bool? following, TagQueries queries, TagRenderer renderer, CancellationToken cancellationToken)
    {
        var history = await queries.HistoryAsync([tag.Id], cancellationToken);
        return renderer.Render(tag, history[tag.Id], following);
    }
}
