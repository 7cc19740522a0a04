using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Starling.Server.Features.Common;
using Starling.Server.Options;

namespace Starling.Server.Api.Infrastructure;

/// <summary>Mastodon's list paging: <c>max_id</c>, <c>since_id</c>, <c>min_id</c>, <c>limit</c> in, a <c>Link</c> header out.</summary>
public static class ApiPagination
{
    public const string MaxId = "max_id";
    public const string SinceId = "since_id";
    public const string MinId = "min_id";
    public const string Limit = "limit";

    /// <summary>Reads the paging parameters; <c>limit</c> is clamped to 1..<paramref name="maxLimit"/> (Mastodon: 40 for statuses, 80 for accounts).</summary>
    public static PageRequest Page(this ApiParameters parameters, int defaultLimit = 20, int maxLimit = PageRequest.MaxLimit) =>
        new(parameters.Id(MaxId), parameters.Id(SinceId), parameters.Id(MinId), Math.Clamp(parameters.Int(Limit) ?? defaultLimit, 1, maxLimit), Cap: maxLimit);

    /// <summary>
    /// Adds <c>Link: &lt;...max_id=oldest&gt;; rel="next", &lt;...min_id=newest&gt;; rel="prev"</c>, keeping the request's other
    /// query parameters. As on Mastodon, "next" appears only when the page was full (more may follow), "prev" when it had items.
    /// </summary>
    /// <param name="newestId">The cursor of the first (newest) item shown; null for an empty page.</param>
    /// <param name="oldestId">The cursor of the last (oldest) item shown.</param>
    public static void SetLinkHeader(HttpContext context, long? newestId, long? oldestId, bool pageWasFull)
    {
        var links = new List<string>();
        if (pageWasFull && oldestId is { } oldest)
        {
            links.Add($"<{Url(context, MaxId, oldest)}>; rel=\"next\"");
        }
        if (newestId is { } newest)
        {
            links.Add($"<{Url(context, MinId, newest)}>; rel=\"prev\"");
        }
        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    /// <summary>The common case: the items are shown newest first and each item's cursor is its id.</summary>
    public static void SetLinkHeader<T>(HttpContext context, IReadOnlyList<T> items, Func<T, long> cursor, PageRequest page) =>
        SetLinkHeader(context, items.Count > 0 ? cursor(items[0]) : null, items.Count > 0 ? cursor(items[^1]) : null, items.Count >= page.EffectiveLimit);

    public const string Offset = "offset";

    /// <summary>
    /// For lists ranked rather than ordered by id (trends): <c>Link: &lt;...offset=next&gt;; rel="next"</c> when the page was
    /// full, and <c>rel="prev"</c> back to the previous page when this one did not start at the top, as Mastodon pages them.
    /// </summary>
    public static void SetOffsetLinkHeader(HttpContext context, int offset, int limit, int count)
    {
        var links = new List<string>();
        if (count >= limit)
        {
            links.Add($"<{Url(context, Offset, offset + count, [MaxId, SinceId, MinId, Offset])}>; rel=\"next\"");
        }
        if (offset > 0)
        {
            links.Add($"<{Url(context, Offset, Math.Max(0, offset - limit), [MaxId, SinceId, MinId, Offset])}>; rel=\"prev\"");
        }
        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    private static string Url(HttpContext context, string key, long id) => Url(context, key, id, [MaxId, SinceId, MinId]);

    private static string Url(HttpContext context, string key, long value, string[] replaced)
    {
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value.PublicUrl.TrimEnd('/');
        var query = context.Request.Query
            .Where(pair => !replaced.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Select(v => KeyValuePair.Create(pair.Key, v)))
            .Append(KeyValuePair.Create(key, (string?)value.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(publicUrl + context.Request.PathBase + context.Request.Path, query);
    }
}
