using System.Globalization;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Statuses;

/// <summary><c>GET /api/v1/polls/:id</c> (open to whoever may see the poll's status) and <c>POST /api/v1/polls/:id/votes</c>.</summary>
public static class PollsEndpoints
{
    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder app)
    {
        var polls = app.MapGroup("/api/v1/polls").WithTags("Polls");
        polls.MapGet("/{id}", ShowAsync).WithSummary("View a poll");
        polls.MapPost("/{id}/votes", VoteAsync).RequireScope("write:statuses").WithSummary("Vote on a poll with choices[] (option indexes)");
        return app;
    }

    private static async Task<PollEntity> ShowAsync(string id, HttpContext context, VotePoll votes, StatusLoader loader, PollRenderer renderer)
    {
        var viewerId = StatusesEndpoints.ViewerId(context);
        var poll = await votes.FindVisibleAsync(StatusesEndpoints.ParseId(id), viewerId, context.RequestAborted);
        return await RenderAsync(poll.StatusId, viewerId, loader, renderer, context.RequestAborted);
    }

    private static async Task<PollEntity> VoteAsync(string id, HttpContext context, VotePoll votes, StatusLoader loader, PollRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var choices = parameters.Strings("choices").Select(choice =>
            int.TryParse(choice.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                ? index
                : throw ApiException.Unprocessable("Validation failed: choices must be option indexes")).ToList();
        var poll = await votes.VoteAsync(accountId, StatusesEndpoints.ParseId(id), choices, context.RequestAborted);
        return await RenderAsync(poll.StatusId, accountId, loader, renderer, context.RequestAborted);
    }

    /// <summary>Through the status loader, so the viewer's own votes come the same way as on a status.</summary>
    private static async Task<PollEntity> RenderAsync(long statusId, long? viewerId, StatusLoader loader, PollRenderer renderer, CancellationToken cancellationToken)
    {
        var view = await loader.LoadOneAsync(statusId, viewerId, cancellationToken);
        return view?.Content.Poll is { } poll ? renderer.Render(poll, viewerId, view.OwnVotes) : throw ApiException.NotFound();
    }
}
