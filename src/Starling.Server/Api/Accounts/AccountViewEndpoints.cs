using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Accounts;

/// <summary>Reading accounts: one or several, by id or address, their posts and connections, search, and the viewer's relationships to them.</summary>
public static class AccountViewEndpoints
{
    /// <summary>The most ids one request may ask about (<c>id[]=</c>); it bounds the queries such a request makes.</summary>
    public const int MaxIds = 100;

    public static IEndpointRouteBuilder MapAccountViews(this IEndpointRouteBuilder accounts)
    {
        accounts.MapGet("", ManyAsync).AllowAnonymousOrScope("read:accounts").WithSummary("Several accounts by id[]");
        accounts.MapGet("/{id:long}", GetAsync).AllowAnonymousOrScope("read:accounts").WithSummary("An account");
        accounts.MapGet("/lookup", LookupAsync).AllowAnonymousOrScope("read:accounts").WithSummary("An account by its address (acct), without WebFinger");
        accounts.MapGet("/{id:long}/statuses", StatusesAsync).AllowAnonymousOrScope("read:statuses")
            .WithSummary("An account's posts (only_media, exclude_replies, exclude_reblogs, pinned, tagged); paginated");
        accounts.MapGet("/{id:long}/followers", FollowersAsync).AllowAnonymousOrScope("read:accounts").WithSummary("Who follows an account; paginated");
        accounts.MapGet("/{id:long}/following", FollowingAsync).AllowAnonymousOrScope("read:accounts").WithSummary("Whom an account follows; paginated");
        accounts.MapGet("/{id:long}/featured_tags", FeaturedTagsAsync).AllowAnonymousOrScope("read:accounts").WithSummary("Hashtags an account features (none yet)");
        accounts.MapGet("/search", SearchAsync).RequireScope("read:accounts").WithSummary("Accounts by username or display name (q, limit, offset, following)");
        accounts.MapGet("/relationships", RelationshipsAsync).RequireScope("read:follows").WithSummary("How the viewer stands towards accounts (id[])");
        accounts.MapGet("/familiar_followers", FamiliarFollowersAsync).RequireScope("read:follows")
            .WithSummary("Accounts the viewer follows that follow each of id[]");
        return accounts;
    }

    private static async Task<IReadOnlyList<AccountEntity>> ManyAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var ids = Ids(await ApiParameters.ReadAsync(context));
        return renderer.Render(await accounts.ByIdsAsync(ids, cancellationToken: context.RequestAborted));
    }

    private static async Task<AccountEntity> GetAsync(long id, HttpContext context, AccountQueries accounts, AccountRenderer renderer) =>
        renderer.Render(await accounts.ProfileAsync(id, context.RequestAborted));

    private static async Task<AccountEntity> LookupAsync(HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var acct = (await ApiParameters.ReadAsync(context)).String("acct") ?? "";
        return renderer.Render(await accounts.ByAcctAsync(acct, context.RequestAborted));
    }

    private static async Task<IReadOnlyList<StatusEntity>> StatusesAsync(long id, HttpContext context, AccountQueries accounts, TimelineQueries timelines, StatusPresenter statuses)
    {
        var account = await accounts.ProfileAsync(id, context.RequestAborted);
        var viewerId = context.Caller()?.AccountId;
        var parameters = await ApiParameters.ReadAsync(context);
        var page = parameters.Page(defaultLimit: 20, maxLimit: PageRequest.MaxLimit);
        var tagged = parameters.String("tagged")?.Trim();
        var filter = new AccountTimelineFilter(
            WithReplies: !parameters.Bool("exclude_replies", false),
            ExcludeReblogs: parameters.Bool("exclude_reblogs", false),
            PinnedOnly: parameters.Bool("pinned", false),
            Tagged: string.IsNullOrEmpty(tagged) ? null : tagged,
            OnlyMedia: parameters.Bool("only_media", false));
        var timeline = await timelines.AccountAsync(viewerId, account.Id, page, filter, context.RequestAborted);
        ApiPagination.SetLinkHeader(context, timeline.PrevMinId, timeline.NextMaxId, timeline.Items.Count >= page.EffectiveLimit);
        return await statuses.RenderAsync(timeline.Items, viewerId, context.RequestAborted);
    }

    private static async Task<IReadOnlyList<AccountEntity>> FollowersAsync(long id, HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var account = await accounts.ProfileAsync(id, context.RequestAborted);
        var page = await AccountPageRequestAsync(context);
        return Render(context, await accounts.FollowersAsync(account.Id, page, context.Caller()?.AccountId, context.RequestAborted), page, renderer);
    }

    private static async Task<IReadOnlyList<AccountEntity>> FollowingAsync(long id, HttpContext context, AccountQueries accounts, AccountRenderer renderer)
    {
        var account = await accounts.ProfileAsync(id, context.RequestAborted);
        var page = await AccountPageRequestAsync(context);
        return Render(context, await accounts.FollowingAsync(account.Id, page, context.Caller()?.AccountId, context.RequestAborted), page, renderer);
    }

    private static async Task<IReadOnlyList<object>> FeaturedTagsAsync(long id, HttpContext context, AccountQueries accounts)
    {
        await accounts.ProfileAsync(id, context.RequestAborted);
        return [];
    }

    private static async Task<IReadOnlyList<AccountEntity>> SearchAsync(HttpContext context, AccountSearch search, AccountRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        // resolve=true would look the address up with WebFinger; until federation lands only known accounts are found.
        var request = new AccountSearchRequest(
            parameters.String("q") ?? "",
            Math.Clamp(parameters.Int("limit") ?? 40, 1, AccountSearch.MaxLimit),
            Math.Max(0, parameters.Int("offset") ?? 0),
            parameters.Bool("following", false));
        return renderer.Render(await search.SearchAsync(viewerId, request, context.RequestAborted));
    }

    private static async Task<IReadOnlyList<RelationshipEntity>> RelationshipsAsync(HttpContext context, AccountQueries accounts, RelationshipQueries relationships, RelationshipRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var found = await accounts.ByIdsAsync(Ids(parameters), parameters.Bool("with_suspended", false), context.RequestAborted);
        var ids = found.Select(a => a.Id).ToList();
        var byId = await relationships.ForAsync(viewerId, ids, context.RequestAborted);
        return ids.Select(id => renderer.Render(byId[id])).ToList();
    }

    private static async Task<IReadOnlyList<FamiliarFollowersEntity>> FamiliarFollowersAsync(HttpContext context, AccountQueries accounts, RelationshipQueries relationships, AccountRenderer renderer)
    {
        var viewerId = context.RequiredCaller().RequireAccountId();
        var found = await accounts.ByIdsAsync(Ids(await ApiParameters.ReadAsync(context)), cancellationToken: context.RequestAborted);
        var ids = found.Select(a => a.Id).ToList();
        var familiar = await relationships.FamiliarFollowersAsync(viewerId, ids, context.RequestAborted);
        return ids.Select(id => renderer.RenderFamiliarFollowers(id, familiar[id])).ToList();
    }

    /// <summary>The <c>id[]</c> values that can be ids (others name nothing and are skipped, as Mastodon skips them).</summary>
    public static IReadOnlyList<long> Ids(ApiParameters parameters) =>
        parameters.Strings("id")
            .Select(text => EntityIds.TryParse(text, out var id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .Take(MaxIds)
            .ToList();

    /// <summary>Lists of accounts: 40 by default, up to 80, as on Mastodon.</summary>
    public static async Task<PageRequest> AccountPageRequestAsync(HttpContext context) =>
        (await ApiParameters.ReadAsync(context)).Page(defaultLimit: 40, maxLimit: PageRequest.MaxAccountLimit);

    /// <summary>Renders a page of accounts and sets its <c>Link</c> header (cursors are the rows that link them, not the accounts).</summary>
    public static IReadOnlyList<AccountEntity> Render(HttpContext context, AccountPage page, PageRequest request, AccountRenderer renderer)
    {
        ApiPagination.SetLinkHeader(context, page.PrevMinId, page.NextMaxId, page.Items.Count >= request.EffectiveLimit);
        return renderer.Render(page.Items);
    }
}
