using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Search;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Features.Tags;

namespace Starling.Server.Api.Search;

/// <summary>
/// <c>GET /api/v2/search</c>: accounts, hashtags and statuses (see <see cref="SearchQueries"/> for how each is found).
/// Public, or with a token that has <c>read:search</c>; <c>resolve</c> and <c>offset</c> need a user, as on Mastodon.
/// With <c>resolve=true</c>, a handle (<c>@user@domain</c>) is looked up by WebFinger before the search, and a URL is
/// fetched and answered alone (the account or the post it is), as Mastodon does (see <see cref="RemoteSearch"/>).
/// </summary>
public static class SearchEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 40;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/search", SearchAsync).AllowAnonymousOrScope("read:search").WithTags("Search")
            .WithSummary("Search accounts, hashtags and statuses");
        return app;
    }

    private static async Task<SearchEntity> SearchAsync(HttpContext context, SearchQueries search, FollowedTags followedTags, TagQueries tagQueries,
        AccountRenderer accounts, TagRenderer tags, StatusPresenter statuses, RemoteSearch remote, StatusAccess access, StatusLoader loader)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var viewer = context.Caller()?.AccountId;
        var query = parameters.String("q");
        if (string.IsNullOrWhiteSpace(query))
        {
            throw ApiException.BadRequest("Param is missing or the value is empty: q");
        }
        if (viewer is null && (parameters.Bool("resolve", false) || parameters.Has("offset")))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "Search queries that resolve remote resources or use pagination are not supported without authentication");
        }
        var offset = parameters.Int("offset") ?? 0;
        if (offset < 0)
        {
            throw ApiException.Unprocessable("offset must not be negative");
        }
        var request = new SearchRequest(query, Math.Clamp(parameters.Int("limit") ?? DefaultLimit, 1, MaxLimit), offset)
        {
            Following = parameters.Bool("following", false),
            AccountId = parameters.Id("account_id"),
            MaxId = parameters.Id("max_id"),
            MinId = parameters.Id("min_id"),
        };
        var type = parameters.String("type");
        var cancellationToken = context.RequestAborted;

        var resolved = RemoteLookup.Nothing;
        if (viewer is not null && parameters.Bool("resolve", false) && offset == 0)
        {
            resolved = await remote.ResolveAsync(query, cancellationToken);
            if (RemoteSearch.IsUrl(query, out _))
            {
                return await ResolvedAsync(resolved, type, viewer.Value, accounts, statuses, access, loader, cancellationToken);
            }
        }

        var foundAccounts = type is null or "" or "accounts" ? await search.AccountsAsync(viewer, request, cancellationToken) : [];
        if (resolved.Account is { IsSuspended: false } account && (type is null or "" or "accounts") && foundAccounts.All(a => a.Id != account.Id))
        {
            // WebFinger may answer for a name the account does not carry itself (an alias): show it first all the same.
            foundAccounts = [account, .. foundAccounts.Take(request.Limit - 1)];
        }
        var foundTags = type is null or "" or "hashtags" ? await search.TagsAsync(request, cancellationToken) : [];
        var foundStatuses = type is null or "" or "statuses" ? await search.StatusesAsync(viewer, request, cancellationToken) : [];

        var tagIds = foundTags.Select(t => t.Id).ToList();
        var history = tagIds.Count > 0 ? await tagQueries.HistoryAsync(tagIds, cancellationToken) : null;
        var followed = viewer is { } reader ? await followedTags.FollowedAmongAsync(reader, tagIds, cancellationToken) : null;
        return new SearchEntity
        {
            Accounts = accounts.Render(foundAccounts),
            Statuses = await statuses.RenderAsync(foundStatuses, viewer, cancellationToken),
            Hashtags = foundTags.Select(t => tags.Render(t, history![t.Id], followed?.Contains(t.Id))).ToList(),
        };
    }

    /// <summary>A URL searched with resolve: only what it turned out to be, as Mastodon answers.</summary>
    private static async Task<SearchEntity> ResolvedAsync(RemoteLookup resolved, string? type, long viewer, AccountRenderer accounts,
        StatusPresenter statuses, StatusAccess access, StatusLoader loader, CancellationToken cancellationToken)
    {
        IReadOnlyList<Account> foundAccounts = resolved.Account is { IsSuspended: false } account && type is null or "" or "accounts" ? [account] : [];
        IReadOnlyList<StatusView> foundStatuses = [];
        if (resolved.StatusId is { } statusId && type is null or "" or "statuses")
        {
            try
            {
                await access.FindVisibleAsync(statusId, viewer, cancellationToken);
                foundStatuses = await loader.LoadAsync([statusId], viewer, cancellationToken);
            }
            catch (DomainException)
            {
                // Not visible to this reader: found nothing.
            }
        }
        return new SearchEntity
        {
            Accounts = accounts.Render(foundAccounts),
            Statuses = await statuses.RenderAsync(foundStatuses, viewer, cancellationToken),
            Hashtags = [],
        };
    }
}
