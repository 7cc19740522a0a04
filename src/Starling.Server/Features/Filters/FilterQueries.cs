using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Filters;

/// <summary>A person's own filters, with their keywords and statuses. Another person's filter is "not found".</summary>
public sealed class FilterQueries(AppDbContext db)
{
    /// <summary>Every filter of the account, expired ones included, oldest first (as Mastodon lists them).</summary>
    public async Task<IReadOnlyList<Filter>> ListAsync(long accountId, CancellationToken cancellationToken = default) =>
        await db.Filters.AsNoTracking().AsSplitQuery()
            .Include(f => f.Keywords.OrderBy(k => k.Id))
            .Include(f => f.Statuses.OrderBy(s => s.Id))
            .Where(f => f.AccountId == accountId)
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);

    public async Task<Filter> GetAsync(long accountId, long filterId, CancellationToken cancellationToken = default) =>
        await db.Filters.AsNoTracking().AsSplitQuery()
            .Include(f => f.Keywords.OrderBy(k => k.Id))
            .Include(f => f.Statuses.OrderBy(s => s.Id))
            .FirstOrDefaultAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken)
        ?? throw DomainException.NotFound("Filter");

    public async Task<IReadOnlyList<FilterKeyword>> KeywordsAsync(long accountId, long filterId, CancellationToken cancellationToken = default)
    {
        await EnsureOwnAsync(accountId, filterId, cancellationToken);
        return await db.FilterKeywords.AsNoTracking().Where(k => k.FilterId == filterId).OrderBy(k => k.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FilterStatus>> StatusesAsync(long accountId, long filterId, CancellationToken cancellationToken = default)
    {
        await EnsureOwnAsync(accountId, filterId, cancellationToken);
        return await db.FilterStatuses.AsNoTracking().Where(s => s.FilterId == filterId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
    }

    public async Task<FilterKeyword> KeywordAsync(long accountId, long keywordId, CancellationToken cancellationToken = default) =>
        await db.FilterKeywords.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Id == keywordId && db.Filters.Any(f => f.Id == k.FilterId && f.AccountId == accountId), cancellationToken)
        ?? throw DomainException.NotFound("Filter keyword");

    public async Task<FilterStatus> StatusAsync(long accountId, long filterStatusId, CancellationToken cancellationToken = default) =>
        await db.FilterStatuses.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == filterStatusId && db.Filters.Any(f => f.Id == s.FilterId && f.AccountId == accountId), cancellationToken)
        ?? throw DomainException.NotFound("Filter status");

    /// <summary>The filter a keyword belongs to, with the keyword's siblings: how the v1 API shows one keyword.</summary>
    public async Task<(Filter Filter, FilterKeyword Keyword)> KeywordWithFilterAsync(long accountId, long keywordId, CancellationToken cancellationToken = default)
    {
        var keyword = await KeywordAsync(accountId, keywordId, cancellationToken);
        return (await GetAsync(accountId, keyword.FilterId, cancellationToken), keyword);
    }

    private async Task EnsureOwnAsync(long accountId, long filterId, CancellationToken cancellationToken)
    {
        if (!await db.Filters.AnyAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken))
        {
            throw DomainException.NotFound("Filter");
        }
    }
}
