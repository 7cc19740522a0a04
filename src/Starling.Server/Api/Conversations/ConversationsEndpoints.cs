using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Conversations;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Conversations;

/// <summary>
/// Direct-message conversations (<c>/api/v1/conversations</c>): listed by their newest message and paged by it (20 by
/// default, at most 40), marked read, or removed from the user's list.
/// </summary>
public static class ConversationsEndpoints
{
    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/v1/conversations").WithTags("Conversations");
        conversations.MapGet("", ListAsync).RequireScope("read:statuses").WithSummary("Direct-message conversations, the most recently active first");
        conversations.MapDelete("/{id}", RemoveAsync).RequireScope("write:conversations").WithSummary("Remove a conversation from the list");
        conversations.MapPost("/{id}/read", ReadAsync).RequireScope("write:conversations").WithSummary("Mark a conversation read");
        return app;
    }

    private static async Task<IReadOnlyList<ConversationEntity>> ListAsync(HttpContext context, ConversationQueries conversations, ConversationRenderer renderer, StatusPresenter statuses,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var page = (await ApiParameters.ReadAsync(context)).Page();
        var result = await conversations.ListAsync(viewerId, page, cancellationToken);
        ApiPagination.SetLinkHeader(context, result.PrevMinId, result.NextMaxId, result.Items.Count >= page.EffectiveLimit);
        var filtered = await statuses.MatchAsync(result.Items.Select(c => c.LastStatus).OfType<StatusView>().ToList(), viewerId, cancellationToken);
        return result.Items.Select(view => Render(renderer, view, viewerId, filtered)).ToList();
    }

    private static async Task<IResult> RemoveAsync(string id, HttpContext context, ManageConversations manage, CancellationToken cancellationToken)
    {
        await manage.RemoveAsync(context.RequiredCaller().RequireAccountId(), RouteId(id), cancellationToken);
        return Results.Json(new { }, ApiJson.Options);
    }

    private static async Task<ConversationEntity> ReadAsync(string id, HttpContext context, ManageConversations manage, ConversationRenderer renderer, StatusPresenter statuses,
        CancellationToken cancellationToken)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var view = await manage.MarkReadAsync(viewerId, RouteId(id), cancellationToken);
        var filtered = await statuses.MatchAsync(view.LastStatus, viewerId, cancellationToken);
        return Render(renderer, view, viewerId, filtered);
    }

    private static ConversationEntity Render(ConversationRenderer renderer, ConversationView view, long viewerId,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered) =>
        renderer.Render(view.Conversation.Id, view.Conversation.Unread, view.Participants, view.LastStatus, viewerId, filtered);

    private static long RouteId(string id) => EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();
}
