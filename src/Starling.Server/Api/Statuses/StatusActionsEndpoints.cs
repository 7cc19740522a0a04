using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Statuses;

/// <summary>
/// What a viewer does to a status — favourite, boost, bookmark, pin, mute its thread, and the undoing of each — and who
/// favourited or boosted it. Each action answers with the status as the viewer now sees it, idempotently, as on Mastodon.
/// </summary>
public static class StatusActionsEndpoints
{
    public const int DefaultAccountsLimit = 40;
    public const int MaxAccountsLimit = 80;

    public static RouteGroupBuilder MapStatusActions(this RouteGroupBuilder statuses)
    {
        statuses.MapPost("/{id}/favourite", (string id, HttpContext context, FavouriteStatus favourites, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => favourites.FavouriteAsync(actor, statusId, ct)))
            .RequireScope("write:favourites").WithSummary("Favourite a status");
        statuses.MapPost("/{id}/unfavourite", (string id, HttpContext context, FavouriteStatus favourites, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => favourites.UnfavouriteAsync(actor, statusId, ct)))
            .RequireScope("write:favourites").WithSummary("Undo a favourite");
        statuses.MapPost("/{id}/reblog", ReblogAsync).RequireScope("write:statuses").WithSummary("Boost a status; answers with the boost");
        statuses.MapPost("/{id}/unreblog", (string id, HttpContext context, ReblogStatus reblogs, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => reblogs.UnreblogAsync(actor, statusId, ct)))
            .RequireScope("write:statuses").WithSummary("Undo a boost");
        statuses.MapPost("/{id}/bookmark", (string id, HttpContext context, BookmarkStatus bookmarks, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => bookmarks.BookmarkAsync(actor, statusId, ct)))
            .RequireScope("write:bookmarks").WithSummary("Bookmark a status");
        statuses.MapPost("/{id}/unbookmark", (string id, HttpContext context, BookmarkStatus bookmarks, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => bookmarks.UnbookmarkAsync(actor, statusId, ct)))
            .RequireScope("write:bookmarks").WithSummary("Remove a bookmark");
        statuses.MapPost("/{id}/pin", (string id, HttpContext context, PinStatus pins, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => pins.PinAsync(actor, statusId, ct)))
            .RequireScope("write:accounts").WithSummary("Pin one's own status to the profile");
        statuses.MapPost("/{id}/unpin", (string id, HttpContext context, PinStatus pins, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => pins.UnpinAsync(actor, statusId, ct)))
            .RequireScope("write:accounts").WithSummary("Unpin a status");
        statuses.MapPost("/{id}/mute", (string id, HttpContext context, MuteConversation mutes, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => mutes.MuteAsync(actor, statusId, ct)))
            .RequireScope("write:mutes").WithSummary("Mute the status's thread: no more notifications from it");
        statuses.MapPost("/{id}/unmute", (string id, HttpContext context, MuteConversation mutes, StatusPresenter statuses) =>
            ActAsync(context, id, statuses, (actor, statusId, ct) => mutes.UnmuteAsync(actor, statusId, ct)))
            .RequireScope("write:mutes").WithSummary("Unmute the status's thread");
        statuses.MapGet("/{id}/favourited_by", FavouritedByAsync).WithSummary("Accounts that favourited a status");
        statuses.MapGet("/{id}/reblogged_by", RebloggedByAsync).WithSummary("Accounts that boosted a status");
        return statuses;
    }

    /// <summary>Runs the action and renders the status it returns (the original, for an action on a boost).</summary>
    private static async Task<StatusEntity> ActAsync(HttpContext context, string id, StatusPresenter statuses,
        Func<long, long, CancellationToken, Task<Status>> action)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var status = await action(accountId, StatusesEndpoints.ParseId(id), context.RequestAborted);
        return await statuses.LoadAsync(status.Id, accountId, context.RequestAborted);
    }

    private static async Task<StatusEntity> ReblogAsync(string id, HttpContext context, ReblogStatus reblogs, StatusPresenter statuses)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var visibility = Visibility.Public;
        if (parameters.String("visibility") is { Length: > 0 } name && !VisibilityNames.TryParse(name, out visibility))
        {
            throw ApiException.Unprocessable("Validation failed: Visibility is not included in the list");
        }
        var reblog = await reblogs.ReblogAsync(accountId, StatusesEndpoints.ParseId(id), visibility, context.RequestAborted);
        return await statuses.LoadAsync(reblog.Id, accountId, context.RequestAborted);
    }

    private static async Task<IReadOnlyList<AccountEntity>> FavouritedByAsync(string id, HttpContext context, StatusInteractionQueries queries, AccountRenderer accounts)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var page = parameters.Page(DefaultAccountsLimit, MaxAccountsLimit);
        var rows = await queries.FavouritedByAsync(StatusesEndpoints.ParseId(id), StatusesEndpoints.ViewerId(context), page, context.RequestAborted);
        ApiPagination.SetLinkHeader(context, rows, r => r.Cursor, page);
        return accounts.Render(rows.Select(r => r.Account));
    }

    private static async Task<IReadOnlyList<AccountEntity>> RebloggedByAsync(string id, HttpContext context, StatusInteractionQueries queries, AccountRenderer accounts)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var page = parameters.Page(DefaultAccountsLimit, MaxAccountsLimit);
        var rows = await queries.RebloggedByAsync(StatusesEndpoints.ParseId(id), StatusesEndpoints.ViewerId(context), page, context.RequestAborted);
        ApiPagination.SetLinkHeader(context, rows, r => r.Cursor, page);
        return accounts.Render(rows.Select(r => r.Account));
    }
}
