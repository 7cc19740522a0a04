using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Filters;

/// <summary>Adds, changes and removes one keyword of a person's filter. Each change also touches the filter's row.</summary>
public sealed class ManageFilterKeywords(AppDbContext db, IdGenerator ids, TimeProvider time)
{
    /// <param name="wholeWord">Null takes Mastodon's default, whole words.</param>
    public async Task<FilterKeyword> AddAsync(long accountId, long filterId, string? keyword, bool? wholeWord, CancellationToken cancellationToken = default)
    {
        var filter = await OwnFilterAsync(accountId, filterId, cancellationToken);
        if (await db.FilterKeywords.CountAsync(k => k.FilterId == filterId, cancellationToken) >= FilterRules.MaxKeywordsPerFilter)
        {
            throw DomainException.Invalid($"A filter can have at most {FilterRules.MaxKeywordsPerFilter} keywords", "keyword");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var added = new FilterKeyword
        {
            Id = ids.Next(),
            FilterId = filter.Id,
            Keyword = FilterRules.Keyword(keyword),
            WholeWord = wholeWord ?? true,
            CreatedAt = now,
        };
        db.FilterKeywords.Add(added);
        filter.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <param name="keyword">Null keeps the text; the v2 API requires it, the v1 API may leave it out.</param>
    public async Task<FilterKeyword> UpdateAsync(long accountId, long keywordId, string? keyword, bool? wholeWord, CancellationToken cancellationToken = default)
    {
        var (found, filter) = await OwnKeywordAsync(accountId, keywordId, cancellationToken);
        if (keyword is not null)
        {
            found.Keyword = FilterRules.Keyword(keyword);
        }
        if (wholeWord is { } value)
        {
            found.WholeWord = value;
        }
        filter.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <param name="deleteEmptyFilter">
    /// Also delete the filter when this was all it held: the v1 API shows each keyword as a filter of its own, so a v1
    /// client deleting "its filter" means the whole of it.
    /// </param>
    public async Task RemoveAsync(long accountId, long keywordId, bool deleteEmptyFilter = false, CancellationToken cancellationToken = default)
    {
        var (found, filter) = await OwnKeywordAsync(accountId, keywordId, cancellationToken);
        db.FilterKeywords.Remove(found);
        var emptied = deleteEmptyFilter
            && !await db.FilterKeywords.AnyAsync(k => k.FilterId == filter.Id && k.Id != found.Id, cancellationToken)
            && !await db.FilterStatuses.AnyAsync(s => s.FilterId == filter.Id, cancellationToken);
        if (emptied)
        {
            db.Filters.Remove(filter);
        }
        else
        {
            filter.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Filter> OwnFilterAsync(long accountId, long filterId, CancellationToken cancellationToken) =>
        await db.Filters.FirstOrDefaultAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken)
        ?? throw DomainException.NotFound("Filter");

    private async Task<(FilterKeyword Keyword, Filter Filter)> OwnKeywordAsync(long accountId, long keywordId, CancellationToken cancellationToken)
    {
        var keyword = await db.FilterKeywords.FirstOrDefaultAsync(k => k.Id == keywordId, cancellationToken);
        var filter = keyword is null ? null : await db.Filters.FirstOrDefaultAsync(f => f.Id == keyword.FilterId && f.AccountId == accountId, cancellationToken);
        return keyword is null || filter is null ? throw DomainException.NotFound("Filter keyword") : (keyword, filter);
    }
}
