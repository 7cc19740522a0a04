using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Accounts;

/// <summary>
/// The viewer's own lists: whom they block and mute, what they bookmarked and favourited, whom they endorse. Bookmarks
/// and favourites page by when they were made (the <c>Link</c> cursors are those rows, not the statuses), as on Mastodon.
/// </summary>
public static class ViewerListEndpoints
{
    public static IEndpointRouteBuilder MapViewerLists(this IEndpointRouteBuilder api)
    {
        api.MapGet("/blocks", BlocksAsync).RequireScope("read:blocks").WithTags("Accounts").WithSummary("Accounts the viewer blocks; paginated");
        api.MapGet("/mutes", MutesAsync).RequireScope("read:mutes").WithTags("Accounts").WithSummary("Accounts the viewer mutes, with mute_expires_at; paginated");
        api.MapGet("/bookmarks", BookmarksAsync).RequireScope("read:bookmarks").WithTags("Accounts").WithSummary("Statuses the viewer bookmarked; paginated");
        api.MapGet("/favourites", FavouritesAsync).RequireScope("read:favourites").WithTags("Accounts").WithSummary("Statuses the viewer favourited; paginated");
        api.MapGet("/endorsements", () => Array.Empty<AccountEntity>()).RequireScope("read:accounts").WithTags("Accounts")
            .WithSummary("Accounts the viewer features on their profile (none yet)");
        return api;
    }

    private static async Task<IReadOnlyList<AccountEntity>> BlocksAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var page = await AccountViewEndpoints.AccountPageRequestAsync(context);
        return AccountViewEndpoints.Render(context, await accounts.BlocksAsync(viewerId, page, context.RequestAborted), page, renderer);
    }

    private static async Task<IReadOnlyList<MutedAccountEntity>> MutesAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var page = await AccountViewEndpoints.AccountPageRequestAsync(context);
        var mutes = await accounts.MutesAsync(viewerId, page, context.RequestAborted);
        ApiPagination.SetLinkHeader(context, mutes.PrevMinId, mutes.NextMaxId, mutes.Items.Count >= page.EffectiveLimit);
        return mutes.Items.Select(m => renderer.RenderMuted(m.Account, m.ExpiresAt)).ToList();
    }

    private static Task<IReadOnlyList<StatusEntity>> BookmarksAsync(HttpContext context, TimelineQueries timelines, StatusPresenter statuses) =>
        MarkedAsync(context, statuses, (viewerId, page) => timelines.BookmarksAsync(viewerId, page, context.RequestAborted));

    private static Task<IReadOnlyList<StatusEntity>> FavouritesAsync(HttpContext context, TimelineQueries timelines, StatusPresenter statuses) =>
        MarkedAsync(context, statuses, (viewerId, page) => timelines.FavouritesAsync(viewerId, page, context.RequestAborted));

    private static async Task<IReadOnlyList<StatusEntity>> MarkedAsync(HttpContext context, StatusPresenter statuses, Func<long, PageRequest, Task<TimelinePage>> load)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var page = (await ApiParameters.ReadAsync(context)).Page(defaultLimit: 20, maxLimit: PageRequest.MaxLimit);
        var timeline = await load(viewerId, page);
        ApiPagination.SetLinkHeader(context, timeline.PrevMinId, timeline.NextMaxId, timeline.Items.Count >= page.EffectiveLimit);
        return await statuses.RenderAsync(timeline.Items, viewerId, context.RequestAborted);
    }
}
