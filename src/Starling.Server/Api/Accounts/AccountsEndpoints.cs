namespace Starling.Server.Api.Accounts;

/// <summary>
/// Mastodon's accounts API (<c>/api/v1/accounts/...</c>) and the viewer's lists beside it (<c>follow_requests</c>,
/// <c>blocks</c>, <c>mutes</c>, <c>bookmarks</c>, <c>favourites</c>, <c>endorsements</c>): a thin edge over the
/// accounts and relationships use cases.
/// </summary>
public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        var accounts = api.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapRegistration();
        accounts.MapCredentials();
        accounts.MapAccountViews();
        accounts.MapRelationshipActions();
        api.MapFollowRequests();
        api.MapViewerLists();
        return app;
    }
}
