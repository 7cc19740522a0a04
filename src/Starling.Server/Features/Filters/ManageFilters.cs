using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Filters;

/// <summary>
/// A change to a filter's keywords, as Mastodon's <c>keywords_attributes</c> says it: without an id, a new keyword;
/// with an id, a change to that keyword of this filter, or its removal when <see cref="Destroy"/> is set.
/// </summary>
public sealed record KeywordChange(long? Id, string? Keyword, bool? WholeWord, bool Destroy = false);

/// <summary>What to set on a filter; null leaves a field as it is (on creation, title and contexts are required).</summary>
public sealed record FilterChanges
{
    public string? Title { get; init; }
    public FilterContexts? Contexts { get; init; }
    public FilterAction? Action { get; init; }
    /// <summary>Whether to change the expiry at all; <see cref="ExpiresIn"/> null then means "never expires".</summary>
    public bool ChangeExpiry { get; init; }
    public TimeSpan? ExpiresIn { get; init; }
    public IReadOnlyList<KeywordChange> Keywords { get; init; } = [];
}

/// <summary>Creates, changes and deletes a person's filters.</summary>
public sealed class ManageFilters(AppDbContext db, IdGenerator ids, TimeProvider time, FilterQueries queries)
{
    public async Task<Filter> CreateAsync(long accountId, FilterChanges changes, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var filter = new Filter
        {
            Id = ids.Next(),
            AccountId = accountId,
            Title = FilterRules.Title(changes.Title),
            Contexts = FilterRules.Contexts(changes.Contexts),
            Action = changes.Action ?? FilterAction.Warn,
            ExpiresAt = changes.ChangeExpiry ? FilterRules.ExpiresAt(changes.ExpiresIn, now) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (changes.Keywords.Any(k => k.Id is not null))
        {
            // As on Mastodon: a new filter has no keywords to change or remove.
            throw DomainException.NotFound("Filter keyword");
        }
        if (await db.Filters.CountAsync(f => f.AccountId == accountId, cancellationToken) >= FilterRules.MaxFiltersPerAccount)
        {
            throw DomainException.Invalid($"You can have at most {FilterRules.MaxFiltersPerAccount} filters");
        }
        ApplyKeywords(filter, changes.Keywords, now);
        db.Filters.Add(filter);
        await db.SaveChangesAsync(cancellationToken);
        return await queries.GetAsync(accountId, filter.Id, cancellationToken);
    }

    public async Task<Filter> UpdateAsync(long accountId, long filterId, FilterChanges changes, CancellationToken cancellationToken = default)
    {
        var filter = await db.Filters.Include(f => f.Keywords)
            .FirstOrDefaultAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Filter");
        var now = time.GetUtcNow().UtcDateTime;
        if (changes.Title is not null)
        {
            filter.Title = FilterRules.Title(changes.Title);
        }
        if (changes.Contexts is not null)
        {
            filter.Contexts = FilterRules.Contexts(changes.Contexts);
        }
        if (changes.Action is { } action)
        {
            filter.Action = action;
        }
        if (changes.ChangeExpiry)
        {
            filter.ExpiresAt = FilterRules.ExpiresAt(changes.ExpiresIn, now);
        }
        ApplyKeywords(filter, changes.Keywords, now);
        filter.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await queries.GetAsync(accountId, filter.Id, cancellationToken);
    }

    public async Task DeleteAsync(long accountId, long filterId, CancellationToken cancellationToken = default)
    {
        var filter = await db.Filters.FirstOrDefaultAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Filter");
        db.Filters.Remove(filter);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void ApplyKeywords(Filter filter, IReadOnlyList<KeywordChange> changes, DateTime now)
    {
        foreach (var change in changes)
        {
            if (change.Id is { } id)
            {
                var keyword = filter.Keywords.FirstOrDefault(k => k.Id == id) ?? throw DomainException.NotFound("Filter keyword");
                if (change.Destroy)
                {
                    filter.Keywords.Remove(keyword);
                    db.FilterKeywords.Remove(keyword);
                    continue;
                }
                if (change.Keyword is not null)
                {
                    keyword.Keyword = FilterRules.Keyword(change.Keyword);
                }
                if (change.WholeWord is { } wholeWord)
                {
                    keyword.WholeWord = wholeWord;
                }
                continue;
            }
            if (change.Destroy)
            {
                continue; // Mastodon drops a new keyword marked for removal.
            }
            filter.Keywords.Add(new FilterKeyword
            {
                Id = ids.Next(),
                FilterId = filter.Id,
                Keyword = FilterRules.Keyword(change.Keyword),
                // Mastodon's default for a keyword given without it.
                WholeWord = change.WholeWord ?? true,
                CreatedAt = now,
            });
        }
        if (filter.Keywords.Count > FilterRules.MaxKeywordsPerFilter)
        {
            throw DomainException.Invalid($"A filter can have at most {FilterRules.MaxKeywordsPerFilter} keywords", "keywords_attributes");
        }
    }
}
