using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Lists;

namespace Starling.Server.Api.Lists;

/// <summary>
/// A user's lists (<c>/api/v1/lists</c>), who is on them, and which of them hold an account
/// (<c>/api/v1/accounts/:id/lists</c>). Lists are private: another user's list is "not found". The list's timeline is
/// <c>/api/v1/timelines/list/:id</c>.
/// </summary>
public static class ListsEndpoints
{
    /// <summary>Members per page, by default and at most; <c>limit=0</c> asks for every member at once.</summary>
    public const int MembersLimit = 40;

    public static IEndpointRouteBuilder MapLists(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/v1/lists").WithTags("Lists");
        lists.MapGet("", AllAsync).RequireScope("read:lists").WithSummary("The user's lists");
        lists.MapGet("/{id}", GetAsync).RequireScope("read:lists").WithSummary("One list");
        lists.MapPost("", CreateAsync).RequireScope("write:lists").WithSummary("Make a list (title, replies_policy, exclusive)");
        lists.MapPut("/{id}", UpdateAsync).RequireScope("write:lists").WithSummary("Change a list's title, replies policy or exclusivity");
        lists.MapDelete("/{id}", DeleteAsync).RequireScope("write:lists").WithSummary("Delete a list");
        lists.MapGet("/{id}/accounts", MembersAsync).RequireScope("read:lists").WithSummary("The accounts on a list");
        lists.MapPost("/{id}/accounts", AddAsync).RequireScope("write:lists").WithSummary("Add followed accounts to a list (account_ids[])");
        lists.MapDelete("/{id}/accounts", RemoveAsync).RequireScope("write:lists").WithSummary("Take accounts off a list (account_ids[])");
        app.MapGet("/api/v1/accounts/{id}/lists", ContainingAsync).RequireScope("read:lists").WithTags("Lists")
            .WithSummary("The user's lists that hold this account");
        return app;
    }

    private static async Task<IReadOnlyList<ListEntity>> AllAsync(HttpContext context, ListQueries lists, ListRenderer renderer, CancellationToken cancellationToken) =>
        renderer.Render(await lists.AllAsync(context.RequiredCaller().RequireAccountId(), cancellationToken));

    private static async Task<ListEntity> GetAsync(string id, HttpContext context, ListQueries lists, ListRenderer renderer, CancellationToken cancellationToken) =>
        renderer.Render(await lists.FindAsync(context.RequiredCaller().RequireAccountId(), RouteId(id), cancellationToken));

    private static async Task<ListEntity> CreateAsync(HttpContext context, ManageLists manage, ListRenderer renderer, CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var list = await manage.CreateAsync(ownerId, parameters.String("title"), RepliesPolicy(parameters) ?? ListRepliesPolicy.List,
            parameters.Bool("exclusive", false), cancellationToken);
        return renderer.Render(list);
    }

    private static async Task<ListEntity> UpdateAsync(string id, HttpContext context, ManageLists manage, ListRenderer renderer, CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var changes = new ListChanges(parameters.String("title"), RepliesPolicy(parameters), parameters.Bool("exclusive"));
        return renderer.Render(await manage.UpdateAsync(ownerId, RouteId(id), changes, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, ManageLists manage, CancellationToken cancellationToken)
    {
        await manage.DeleteAsync(context.RequiredCaller().RequireAccountId(), RouteId(id), cancellationToken);
        return Empty;
    }

    private static async Task<IReadOnlyList<AccountEntity>> MembersAsync(string id, HttpContext context, ListQueries lists, AccountRenderer renderer,
        CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        if (parameters.Int(ApiPagination.Limit) == 0)
        {
            return renderer.Render((await lists.MembersAsync(ownerId, RouteId(id), page: null, cancellationToken)).Items);
        }
        var page = parameters.Page(MembersLimit, MembersLimit);
        var members = await lists.MembersAsync(ownerId, RouteId(id), page, cancellationToken);
        ApiPagination.SetLinkHeader(context, members.PrevMinId, members.NextMaxId, members.Items.Count >= page.EffectiveLimit);
        return renderer.Render(members.Items);
    }

    private static async Task<IResult> AddAsync(string id, HttpContext context, ManageLists manage, CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        await manage.AddAccountsAsync(ownerId, RouteId(id), await AccountIdsAsync(context), cancellationToken);
        return Empty;
    }

    private static async Task<IResult> RemoveAsync(string id, HttpContext context, ManageLists manage, CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        await manage.RemoveAccountsAsync(ownerId, RouteId(id), await AccountIdsAsync(context), cancellationToken);
        return Empty;
    }

    private static async Task<IReadOnlyList<ListEntity>> ContainingAsync(string id, HttpContext context, AccountQueries accounts, ListQueries lists,
        ListRenderer renderer, CancellationToken cancellationToken)
    {
        var ownerId = context.RequiredCaller().RequireAccountId();
        var account = await accounts.ByIdAsync(RouteId(id), cancellationToken);
        return renderer.Render(await lists.ContainingAsync(ownerId, account.Id, cancellationToken));
    }

    private static IResult Empty => Results.Json(new { }, ApiJson.Options);

    private static long RouteId(string id) => EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();

    /// <summary>An id that is not one of ours names no account, as an unknown one does: 404.</summary>
    private static async Task<IReadOnlyList<long>> AccountIdsAsync(HttpContext context) =>
        (await ApiParameters.ReadAsync(context)).Strings("account_ids").Select(RouteId).ToList();

    private static ListRepliesPolicy? RepliesPolicy(ApiParameters parameters)
    {
        var name = parameters.String("replies_policy");
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        return ListRepliesPolicyNames.TryParse(name, out var policy)
            ? policy
            : throw ApiException.Unprocessable($"replies_policy must be one of {string.Join(", ", ListRepliesPolicyNames.All)}");
    }
}
