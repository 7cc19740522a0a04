using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Filters;

/// <summary>
/// One filter a status matched: the filter (with its keywords and statuses), the text its keywords found, and the
/// listed statuses it matched. Either list is null when that part of the filter did not match, as in Mastodon's FilterResult.
/// </summary>
public sealed record FilterMatch(Filter Filter, IReadOnlyList<string>? KeywordMatches, IReadOnlyList<long>? StatusMatches);

/// <summary>
/// Applies a reader's filters to statuses already loaded for them. Keywords are matched case-insensitively against the
/// content warning, the text and the media descriptions; a whole-word keyword must start and end at word boundaries
/// (where its own first and last characters are word characters), as Mastodon matches them. A reader's own posts are
/// never filtered. Expired filters, and filters for other contexts, are left out.
/// </summary>
public sealed partial class FilterMatcher(AppDbContext db, TimeProvider time)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>> None { get; } = new Dictionary<long, IReadOnlyList<FilterMatch>>();

    /// <summary>
    /// The matches of each filtered status, by status id: a boost's matches are under the boost's id and the boosted
    /// status's id alike, so a renderer finds them on both levels. Statuses without matches have no entry.
    /// </summary>
    /// <param name="viewerId">The reader; null (anonymous) matches nothing.</param>
    /// <param name="context">Where the statuses are shown; filters that apply to none of these contexts are skipped.</param>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>> MatchAsync(long? viewerId, FilterContexts context,
        IReadOnlyList<StatusView> statuses, CancellationToken cancellationToken = default)
    {
        if (viewerId is not { } viewer || statuses.Count == 0)
        {
            return None;
        }
        var filters = await ActiveFiltersAsync(viewer, context, cancellationToken);
        if (filters.Count == 0)
        {
            return None;
        }
        var result = new Dictionary<long, IReadOnlyList<FilterMatch>>();
        foreach (var view in statuses)
        {
            if (view.Status.AccountId == viewer || result.ContainsKey(view.Status.Id))
            {
                continue;
            }
            var matches = Match(filters, view.Status);
            if (matches.Count == 0)
            {
                continue;
            }
            result[view.Status.Id] = matches;
            if (view.Status.ReblogOfId is { } original)
            {
                result[original] = matches;
            }
        }
        return result;
    }

    /// <summary>The same for one status (a thread's focus, a single-status page).</summary>
    public async Task<IReadOnlyList<FilterMatch>> MatchOneAsync(long? viewerId, FilterContexts context, StatusView status, CancellationToken cancellationToken = default) =>
        (await MatchAsync(viewerId, context, [status], cancellationToken)).GetValueOrDefault(status.Status.Id) ?? [];

    private async Task<List<CompiledFilter>> ActiveFiltersAsync(long viewer, FilterContexts context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // The common case is a reader without filters: one indexed lookup, and nothing more.
        var filters = await db.Filters.AsNoTracking()
            .Where(f => f.AccountId == viewer && (f.Contexts & context) != FilterContexts.None && (f.ExpiresAt == null || f.ExpiresAt > now))
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);
        if (filters.Count == 0)
        {
            return [];
        }
        var filterIds = filters.Select(f => f.Id).ToList();
        var keywords = (await db.FilterKeywords.AsNoTracking().Where(k => filterIds.Contains(k.FilterId)).OrderBy(k => k.Id).ToListAsync(cancellationToken))
            .ToLookup(k => k.FilterId);
        var listed = (await db.FilterStatuses.AsNoTracking().Where(s => filterIds.Contains(s.FilterId)).OrderBy(s => s.Id).ToListAsync(cancellationToken))
            .ToLookup(s => s.FilterId);
        return filters.Select(filter =>
        {
            filter.Keywords = [.. keywords[filter.Id]];
            filter.Statuses = [.. listed[filter.Id]];
            return new CompiledFilter(filter, filter.Keywords.Select(KeywordPattern).ToList(), filter.Statuses.Select(s => s.StatusId).ToHashSet());
        }).ToList();
    }

    private static List<FilterMatch> Match(List<CompiledFilter> filters, Status status)
    {
        var content = status.ReblogOf ?? status;
        string? text = null;
        var matches = new List<FilterMatch>();
        foreach (var filter in filters)
        {
            List<string>? keywordMatches = null;
            if (filter.Keywords.Count > 0)
            {
                text ??= SearchableText(content);
                foreach (var pattern in filter.Keywords)
                {
                    if (FirstMatch(pattern, text) is { } found && keywordMatches?.Contains(found, StringComparer.OrdinalIgnoreCase) != true)
                    {
                        (keywordMatches ??= []).Add(found);
                    }
                }
            }
            List<long>? statusMatches = null;
            foreach (var id in (long?[])[status.Id, status.ReblogOfId])
            {
                if (id is { } candidate && filter.StatusIds.Contains(candidate))
                {
                    (statusMatches ??= []).Add(candidate);
                }
            }
            if (keywordMatches is not null || statusMatches is not null)
            {
                matches.Add(new FilterMatch(filter.Filter, keywordMatches, statusMatches));
            }
        }
        return matches;
    }

    private static string? FirstMatch(Regex pattern, string text)
    {
        try
        {
            var match = pattern.Match(text);
            return match.Success ? match.Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null; // A pathological text is shown rather than holding the request.
        }
    }

    /// <summary>
    /// The keyword as a pattern. A whole-word keyword gets a word boundary at each end that is a word character itself,
    /// so "#tag" or "c++" still match where they stand after or before punctuation.
    /// </summary>
    public static Regex KeywordPattern(FilterKeyword keyword)
    {
        var escaped = Regex.Escape(keyword.Keyword);
        if (keyword.WholeWord)
        {
            var start = IsWordCharacter(keyword.Keyword[0]) ? @"\b" : "";
            var end = IsWordCharacter(keyword.Keyword[^1]) ? @"\b" : "";
            escaped = start + escaped + end;
        }
        return new Regex(escaped, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline, MatchTimeout);
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    /// <summary>What keywords are matched against: content warning, text and media descriptions, as Mastodon's searchable text.</summary>
    public static string SearchableText(Status status)
    {
        var text = new StringBuilder();
        Append(text, status.SpoilerText);
        Append(text, status.Text.Length > 0 ? status.Text : HtmlText(status.ContentHtml));
        foreach (var media in status.MediaAttachments)
        {
            Append(text, media.Description);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }
        if (text.Length > 0)
        {
            text.Append("\n\n");
        }
        text.Append(part);
    }

    /// <summary>A status without typed text (one from another server) is matched on its HTML's text.</summary>
    private static string HtmlText(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(Breaks().Replace(html, "\n"), ""));

    [GeneratedRegex(@"<br\s*/?>|</p>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    private sealed record CompiledFilter(Filter Filter, IReadOnlyList<Regex> Keywords, HashSet<long> StatusIds);
}
