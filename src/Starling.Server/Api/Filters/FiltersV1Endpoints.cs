using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;

namespace Starling.Server.Api.Filters;

/// <summary>
/// Filters v1 (<c>/api/v1/filters</c>), kept by Mastodon for older clients: each keyword appears as a filter of its own,
/// with its filter's contexts, expiry and action (<c>irreversible</c> = hide). Creating one makes a filter titled with
/// its phrase; deleting one removes the keyword, and the filter too when nothing else is left in it.
/// </summary>
public static class FiltersV1Endpoints
{
    private const string ReadScope = "read:filters";
    private const string WriteScope = "write:filters";

    public static IEndpointRouteBuilder MapFiltersV1(this IEndpointRouteBuilder app)
    {
        var filters = app.MapGroup("/api/v1/filters").WithTags("Filters");
        filters.MapGet("", ListAsync).RequireScope(ReadScope).WithSummary("The user's filter keywords, in the v1 shape");
        filters.MapGet("/{id}", GetAsync).RequireScope(ReadScope).WithSummary("One filter keyword, in the v1 shape");
        filters.MapPost("", CreateAsync).RequireScope(WriteScope).WithSummary("Create a one-keyword filter (v1)");
        filters.MapPut("/{id}", UpdateAsync).RequireScope(WriteScope).WithSummary("Change a filter keyword and its filter (v1)");
        filters.MapDelete("/{id}", DeleteAsync).RequireScope(WriteScope).WithSummary("Remove a filter keyword (v1)");
        return app;
    }

    private static async Task<IReadOnlyList<FilterV1Entity>> ListAsync(HttpContext context, FilterQueries queries, FilterRenderer renderer)
    {
        var filters = await queries.ListAsync(context.RequiredCaller().RequireAccountId(), context.RequestAborted);
        return filters.SelectMany(f => f.Keywords.Select(k => renderer.RenderV1(f, k))).OrderBy(f => long.Parse(f.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static async Task<FilterV1Entity> GetAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer)
    {
        var (filter, keyword) = await queries.KeywordWithFilterAsync(context.RequiredCaller().RequireAccountId(), FiltersEndpoints.ParseId(id), context.RequestAborted);
        return renderer.RenderV1(filter, keyword);
    }

    private static async Task<FilterV1Entity> CreateAsync(HttpContext context, ManageFilters manage, FilterRenderer renderer)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var phrase = parameters.String("phrase");
        if (string.IsNullOrWhiteSpace(phrase))
        {
            throw ApiException.Unprocessable("Validation failed: Phrase can't be blank");
        }
        var (changeExpiry, expiresIn) = FiltersEndpoints.ReadExpiry(parameters);
        var filter = await manage.CreateAsync(context.RequiredCaller().RequireAccountId(), new FilterChanges
        {
            Title = phrase,
            Contexts = ReadContexts(parameters) ?? FilterContexts.None,
            Action = parameters.Bool("irreversible", false) ? FilterAction.Hide : FilterAction.Warn,
            ChangeExpiry = changeExpiry,
            ExpiresIn = expiresIn,
            // The v1 default, unlike v2's, is to match anywhere.
            Keywords = [new KeywordChange(null, phrase, parameters.Bool("whole_word") ?? false)],
        }, context.RequestAborted);
        return renderer.RenderV1(filter, filter.Keywords[0]);
    }

    private static async Task<FilterV1Entity> UpdateAsync(string id, HttpContext context, FilterQueries queries, ManageFilters manage, FilterRenderer renderer)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        var keywordId = FiltersEndpoints.ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        var (filter, keyword) = await queries.KeywordWithFilterAsync(accountId, keywordId, context.RequestAborted);
        var contexts = ReadContexts(parameters);
        var action = parameters.Bool("irreversible") is { } irreversible ? irreversible ? FilterAction.Hide : FilterAction.Warn : (FilterAction?)null;
        var (changeExpiry, expiresIn) = FiltersEndpoints.ReadExpiry(parameters);
        var changesFilter = (contexts is { } c && c != filter.Contexts) || (action is { } a && a != filter.Action) || changeExpiry;
        if (changesFilter && filter.Keywords.Count > 1)
        {
            // As on Mastodon: the filter's settings are shared by its other keywords, which a v1 client cannot see.
            throw ApiException.Unprocessable("Validation failed: This filter has several keywords; change its context, expiry or action with the v2 API");
        }
        var updated = await manage.UpdateAsync(accountId, filter.Id, new FilterChanges
        {
            Contexts = contexts,
            Action = action,
            ChangeExpiry = changeExpiry,
            ExpiresIn = expiresIn,
            Keywords = [new KeywordChange(keyword.Id, parameters.String("phrase"), parameters.Bool("whole_word"))],
        }, context.RequestAborted);
        return renderer.RenderV1(updated, updated.Keywords.First(k => k.Id == keyword.Id));
    }

    private static async Task<object> DeleteAsync(string id, HttpContext context, ManageFilterKeywords keywords)
    {
        await keywords.RemoveAsync(context.RequiredCaller().RequireAccountId(), FiltersEndpoints.ParseId(id), deleteEmptyFilter: true, context.RequestAborted);
        return new { };
    }

    private static FilterContexts? ReadContexts(ApiParameters parameters)
    {
        if (!parameters.Has("context"))
        {
            return null;
        }
        return FilterNames.TryParseContexts(parameters.Strings("context"), out var contexts)
            ? contexts
            : throw ApiException.Unprocessable("Validation failed: Context None or invalid context supplied");
    }
}
