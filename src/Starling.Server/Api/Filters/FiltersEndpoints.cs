using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;

namespace Starling.Server.Api.Filters;

/// <summary>
/// Filters v2 (<c>/api/v2/filters</c>): a person's filters with their keywords and statuses. Matching happens on the
/// server and reaches clients as <c>filtered</c> on each status (see <see cref="FilterMatcher"/>).
/// </summary>
public static class FiltersEndpoints
{
    private const string ReadScope = "read:filters";
    private const string WriteScope = "write:filters";

    public static IEndpointRouteBuilder MapFilters(this IEndpointRouteBuilder app)
    {
        var filters = app.MapGroup("/api/v2/filters").WithTags("Filters");
        filters.MapGet("", ListAsync).RequireScope(ReadScope).WithSummary("The user's filters");
        filters.MapPost("", CreateAsync).RequireScope(WriteScope).WithSummary("Create a filter, with keywords");
        filters.MapGet("/{id}", GetAsync).RequireScope(ReadScope).WithSummary("One filter");
        filters.MapPut("/{id}", UpdateAsync).RequireScope(WriteScope).WithSummary("Change a filter and its keywords");
        filters.MapDelete("/{id}", DeleteAsync).RequireScope(WriteScope).WithSummary("Delete a filter");

        filters.MapGet("/{id}/keywords", KeywordsAsync).RequireScope(ReadScope).WithSummary("A filter's keywords");
        filters.MapPost("/{id}/keywords", AddKeywordAsync).RequireScope(WriteScope).WithSummary("Add a keyword to a filter");
        filters.MapGet("/keywords/{id}", KeywordAsync).RequireScope(ReadScope).WithSummary("One filter keyword");
        filters.MapPut("/keywords/{id}", UpdateKeywordAsync).RequireScope(WriteScope).WithSummary("Change a filter keyword");
        filters.MapDelete("/keywords/{id}", RemoveKeywordAsync).RequireScope(WriteScope).WithSummary("Remove a filter keyword");

        filters.MapGet("/{id}/statuses", StatusesAsync).RequireScope(ReadScope).WithSummary("A filter's statuses");
        filters.MapPost("/{id}/statuses", AddStatusAsync).RequireScope(WriteScope).WithSummary("Add a status to a filter");
        filters.MapGet("/statuses/{id}", StatusAsync).RequireScope(ReadScope).WithSummary("One filter status");
        filters.MapDelete("/statuses/{id}", RemoveStatusAsync).RequireScope(WriteScope).WithSummary("Remove a status from a filter");

        app.MapFiltersV1();
        return app;
    }

    private static async Task<IReadOnlyList<FilterEntity>> ListAsync(HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        (await queries.ListAsync(context.RequiredCaller().RequireAccountId(), context.RequestAborted)).Select(renderer.Render).ToList();

    private static async Task<FilterEntity> GetAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        renderer.Render(await queries.GetAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted));

    private static async Task<FilterEntity> CreateAsync(HttpContext context, ManageFilters manage, FilterRenderer renderer)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var changes = ReadChanges(parameters);
        return renderer.Render(await manage.CreateAsync(context.RequiredCaller().RequireAccountId(), changes, context.RequestAborted));
    }

    private static async Task<FilterEntity> UpdateAsync(string id, HttpContext context, ManageFilters manage, FilterRenderer renderer)
    {
        var filterId = ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        var changes = ReadChanges(parameters);
        return renderer.Render(await manage.UpdateAsync(context.RequiredCaller().RequireAccountId(), filterId, changes, context.RequestAborted));
    }

    private static async Task<object> DeleteAsync(string id, HttpContext context, ManageFilters manage)
    {
        await manage.DeleteAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted);
        return new { };
    }

    private static async Task<IReadOnlyList<FilterKeywordEntity>> KeywordsAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        (await queries.KeywordsAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted)).Select(renderer.RenderKeyword).ToList();

    private static async Task<FilterKeywordEntity> AddKeywordAsync(string id, HttpContext context, ManageFilterKeywords keywords, FilterRenderer renderer)
    {
        var filterId = ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        var added = await keywords.AddAsync(context.RequiredCaller().RequireAccountId(), filterId, parameters.String("keyword"), parameters.Bool("whole_word"), context.RequestAborted);
        return renderer.RenderKeyword(added);
    }

    private static async Task<FilterKeywordEntity> KeywordAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        renderer.RenderKeyword(await queries.KeywordAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted));

    private static async Task<FilterKeywordEntity> UpdateKeywordAsync(string id, HttpContext context, ManageFilterKeywords keywords, FilterRenderer renderer)
    {
        var keywordId = ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        // The keyword is required here, as on Mastodon; blank is refused by the use case.
        var updated = await keywords.UpdateAsync(context.RequiredCaller().RequireAccountId(), keywordId, parameters.String("keyword") ?? "", parameters.Bool("whole_word"), context.RequestAborted);
        return renderer.RenderKeyword(updated);
    }

    private static async Task<object> RemoveKeywordAsync(string id, HttpContext context, ManageFilterKeywords keywords)
    {
        await keywords.RemoveAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), cancellationToken: context.RequestAborted);
        return new { };
    }

    private static async Task<IReadOnlyList<FilterStatusEntity>> StatusesAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        (await queries.StatusesAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted)).Select(renderer.RenderStatus).ToList();

    private static async Task<FilterStatusEntity> AddStatusAsync(string id, HttpContext context, ManageFilterStatuses statuses, FilterRenderer renderer)
    {
        var filterId = ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        var statusId = parameters.Id("status_id") ?? throw ApiException.Unprocessable("Validation failed: Status can't be blank");
        return renderer.RenderStatus(await statuses.AddAsync(context.RequiredCaller().RequireAccountId(), filterId, statusId, context.RequestAborted));
    }

    private static async Task<FilterStatusEntity> StatusAsync(string id, HttpContext context, FilterQueries queries, FilterRenderer renderer) =>
        renderer.RenderStatus(await queries.StatusAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted));

    private static async Task<object> RemoveStatusAsync(string id, HttpContext context, ManageFilterStatuses statuses)
    {
        await statuses.RemoveAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted);
        return new { };
    }

    /// <summary>The fields of a create or update; on update, what is left out stays as it is.</summary>
    private static FilterChanges ReadChanges(ApiParameters parameters)
    {
        FilterContexts? contexts = null;
        if (parameters.Has("context"))
        {
            contexts = FilterNames.TryParseContexts(parameters.Strings("context"), out var parsed)
                ? parsed
                : throw ApiException.Unprocessable("Validation failed: Context None or invalid context supplied");
        }
        FilterAction? action = null;
        if (parameters.String("filter_action") is { Length: > 0 } actionName)
        {
            action = FilterNames.TryParseAction(actionName, out var parsed)
                ? parsed
                : throw ApiException.Unprocessable("Validation failed: Filter action is not included in the list");
        }
        var (changeExpiry, expiresIn) = ReadExpiry(parameters);
        return new FilterChanges
        {
            Title = parameters.String("title"),
            Contexts = contexts,
            Action = action,
            ChangeExpiry = changeExpiry,
            ExpiresIn = expiresIn,
            Keywords = parameters.Sections("keywords_attributes").Select(k => new KeywordChange(
                k.Id("id"), k.String("keyword"), k.Bool("whole_word"), k.Bool("_destroy") ?? false)).ToList(),
        };
    }

    /// <summary><c>expires_in</c> in seconds; present but empty means "never expires", absent leaves the expiry alone.</summary>
    internal static (bool Change, TimeSpan? ExpiresIn) ReadExpiry(ApiParameters parameters)
    {
        if (!parameters.Has("expires_in"))
        {
            return (false, null);
        }
        var seconds = parameters.Int("expires_in");
        return (true, seconds is { } value ? TimeSpan.FromSeconds(value) : null);
    }

    internal static long ParseId(string id) => EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();
}
