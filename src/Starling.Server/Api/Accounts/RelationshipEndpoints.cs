using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Api.Accounts;

/// <summary>
/// Changing how the viewer stands towards an account (follow, block, mute and their undoing) and answering follow
/// requests. Each answers the Relationship as it stands afterwards; undoing what was never done is not an error.
/// </summary>
public static class RelationshipEndpoints
{
    public static IEndpointRouteBuilder MapRelationshipActions(this IEndpointRouteBuilder accounts)
    {
        accounts.MapPost("/{id:long}/follow", FollowAsync).RequireScope("write:follows")
            .WithSummary("Follow (or ask to), or change reblogs and notify on an existing follow");
        accounts.MapPost("/{id:long}/unfollow", UnfollowAsync).RequireScope("write:follows").WithSummary("Unfollow, or withdraw a follow request");
        accounts.MapPost("/{id:long}/block", BlockAsync).RequireScope("write:blocks").WithSummary("Block");
        accounts.MapPost("/{id:long}/unblock", UnblockAsync).RequireScope("write:blocks").WithSummary("Unblock");
        accounts.MapPost("/{id:long}/mute", MuteAsync).RequireScope("write:mutes").WithSummary("Mute (notifications, duration in seconds)");
        accounts.MapPost("/{id:long}/unmute", UnmuteAsync).RequireScope("write:mutes").WithSummary("Unmute");
        return accounts;
    }

    public static IEndpointRouteBuilder MapFollowRequests(this IEndpointRouteBuilder api)
    {
        var requests = api.MapGroup("/follow_requests").WithTags("Accounts");
        requests.MapGet("", ListRequestsAsync).RequireScope("read:follows").WithSummary("Accounts asking to follow the viewer; paginated");
        requests.MapPost("/{id:long}/authorize", AuthorizeAsync).RequireScope("write:follows").WithSummary("Accept a follow request");
        requests.MapPost("/{id:long}/reject", RejectAsync).RequireScope("write:follows").WithSummary("Reject a follow request");
        return api;
    }

    private static async Task<RelationshipEntity> FollowAsync(long id, HttpContext context, FollowAccount follows, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        // Absent options keep an existing follow's choices (a new follow shows boosts and does not notify).
        await follows.FollowAsync(viewerId, id, parameters.Bool("reblogs"), parameters.Bool("notify"), context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> UnfollowAsync(long id, HttpContext context, FollowAccount follows, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await follows.UnfollowAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> BlockAsync(long id, HttpContext context, BlockAccount blocks, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await blocks.BlockAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> UnblockAsync(long id, HttpContext context, BlockAccount blocks, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await blocks.UnblockAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> MuteAsync(long id, HttpContext context, MuteAccount mutes, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        // Mastodon: notifications are muted too unless asked otherwise; a duration of 0 (or none) mutes until unmuted.
        var duration = parameters.Int("duration") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        await mutes.MuteAsync(viewerId, id, parameters.Bool("notifications", true), duration, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> UnmuteAsync(long id, HttpContext context, MuteAccount mutes, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await mutes.UnmuteAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<IReadOnlyList<AccountEntity>> ListRequestsAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var page = await AccountViewEndpoints.AccountPageRequestAsync(context);
        return AccountViewEndpoints.Render(context, await accounts.FollowRequestsAsync(viewerId, page, context.RequestAborted), page, renderer);
    }

    private static async Task<RelationshipEntity> AuthorizeAsync(long id, HttpContext context, AnswerFollowRequest answer, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await answer.AuthorizeAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> RejectAsync(long id, HttpContext context, AnswerFollowRequest answer, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        await answer.RejectAsync(viewerId, id, context.RequestAborted);
        return await RelationshipAsync(viewerId, id, context, relationships, renderer);
    }

    private static async Task<RelationshipEntity> RelationshipAsync(long viewerId, long targetId, HttpContext context, RelationshipQueries relationships, RelationshipRenderer renderer) =>
        renderer.Render(await relationships.ForAsync(viewerId, targetId, context.RequestAborted));
}
