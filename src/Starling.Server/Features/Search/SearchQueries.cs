using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Search;

/// <summary>What to search and how much of it; <see cref="Limit"/> and <see cref="Offset"/> apply to each kind of result.</summary>
public sealed record SearchRequest(string Query, int Limit = 20, int Offset = 0)
{
    /// <summary>Only accounts the viewer follows.</summary>
    public bool Following { get; init; }

    /// <summary>Only statuses by this account.</summary>
    public long? AccountId { get; init; }

    /// <summary>Keyset bounds for statuses (newest first), as on the timelines.</summary>
    public long? MaxId { get; init; }

    public long? MinId { get; init; }
}

/// <summary>
/// Finds accounts, hashtags and statuses without a search engine. Accounts: by username or display name prefix
/// (an exact username first), or by exact handle ("user@this.server"). Hashtags: by name prefix, shortest first.
/// Statuses, for signed-in viewers only (as on Mastodon): a case-insensitive substring of the text or content warning,
/// among the statuses of the last <see cref="StatusSearchDays"/> days the viewer may see, newest first. Remote
/// lookups (<c>resolve</c>) are the API's, through federation's remote search, before these run.
/// </summary>
public sealed class SearchQueries(AppDbContext db, StatusLoader loader, LocalUrls urls, TimeProvider time)
{
    /// <summary>How far back status search reaches, which bounds the rows a substring scan reads.</summary>
    public const int StatusSearchDays = 90;

    public async Task<IReadOnlyList<Account>> AccountsAsync(long? viewerId, SearchRequest request, CancellationToken cancellationToken = default)
    {
        var term = request.Query.Trim().TrimStart('@');
        if (term.Length == 0)
        {
            return [];
        }
        var accounts = db.Accounts.AsNoTracking().Where(a => a.SuspendedAt == null);
        if (viewerId is { } viewer)
        {
            accounts = accounts.Where(a => !db.Blocks.Any(b => (b.AccountId == viewer && b.TargetAccountId == a.Id) || (b.AccountId == a.Id && b.TargetAccountId == viewer)));
            if (request.Following)
            {
                accounts = accounts.Where(a => db.Follows.Any(f => f.AccountId == viewer && f.TargetAccountId == a.Id));
            }
        }
        var at = term.IndexOf('@');
        if (at >= 0)
        {
            // A full handle names one account: local when the domain is this server's.
            var username = UsernameRules.Normalize(term[..at]);
            var domain = term[(at + 1)..].ToLowerInvariant();
            accounts = string.Equals(domain, urls.Domain, StringComparison.OrdinalIgnoreCase)
                ? accounts.Where(a => a.UsernameNormalized == username && a.Domain == null)
                : accounts.Where(a => a.UsernameNormalized == username && a.Domain == domain);
            return await accounts.OrderBy(a => a.Id).Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        }
        var key = term.ToLowerInvariant();
        return await accounts
            .Where(a => a.UsernameNormalized.StartsWith(key) || a.DisplayName.ToLower().StartsWith(key))
            .OrderByDescending(a => a.UsernameNormalized == key)
            .ThenByDescending(a => a.Domain == null)
            .ThenByDescending(a => a.FollowersCount)
            .ThenBy(a => a.UsernameNormalized)
            .ThenBy(a => a.Id)
            .Skip(request.Offset).Take(request.Limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Tag>> TagsAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var key = request.Query.Trim().TrimStart('#').ToLowerInvariant();
        if (key.Length == 0)
        {
            return [];
        }
        return await db.Tags.AsNoTracking()
            .Where(t => t.Name.StartsWith(key))
            .OrderBy(t => t.Name.Length).ThenBy(t => t.Name)
            .Skip(request.Offset).Take(request.Limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StatusView>> StatusesAsync(long? viewerId, SearchRequest request, CancellationToken cancellationToken = default)
    {
        var term = request.Query.Trim().ToLowerInvariant();
        // A lone "#tag" asks for the hashtag, not for posts (Mastodon does the same).
        if (viewerId is not { } viewer || term.Length == 0 || (term.StartsWith('#') && !term.Contains(' ')))
        {
            return [];
        }
        var since = IdGenerator.LowerBoundFor(time.GetUtcNow().AddDays(-StatusSearchDays));
        var statuses = db.Statuses.Where(s => s.Id >= since && s.ReblogOfId == null
                && (s.Text.ToLower().Contains(term) || s.SpoilerText.ToLower().Contains(term)))
            .VisibleTo(db, viewer)
            .WithoutMutedOrBlocked(db, viewer, time.GetUtcNow().UtcDateTime);
        if (request.AccountId is { } author)
        {
            statuses = statuses.Where(s => s.AccountId == author);
        }
        if (request.MaxId is { } max)
        {
            statuses = statuses.Where(s => s.Id < max);
        }
        var ordered = request.MinId is { } min
            ? statuses.Where(s => s.Id > min).OrderBy(s => s.Id)
            : statuses.OrderByDescending(s => s.Id);
        var ids = await ordered.Select(s => s.Id).Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        if (request.MinId is not null)
        {
            ids.Reverse();
        }
        return await loader.LoadAsync(ids, viewer, cancellationToken);
    }
}
