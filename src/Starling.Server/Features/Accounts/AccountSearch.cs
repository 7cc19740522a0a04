using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Features.Accounts;

/// <summary>What to look for: text typed into a search box, and how many results from where.</summary>
public sealed record AccountSearchRequest(string Query, int Limit = 40, int Offset = 0, bool FollowingOnly = false);

/// <summary>
/// Finds accounts by username or display name, as a search box or an @-mention autocomplete asks. The exact address
/// comes first, then accounts the viewer follows, then the most followed. Suspended accounts, and accounts that block
/// the viewer or that the viewer blocks, are never found. Remote accounts are found only once known here (no WebFinger).
/// </summary>
public sealed class AccountSearch(AppDbContext db, LocalUrls urls)
{
    public const int MaxLimit = 80;

    public async Task<IReadOnlyList<Account>> SearchAsync(long? viewerId, AccountSearchRequest request, CancellationToken cancellationToken = default)
    {
        var text = request.Query.Trim().TrimStart('@');
        var at = text.IndexOf('@');
        var username = (at < 0 ? text : text[..at]).ToLowerInvariant();
        var domain = at < 0 ? null : text[(at + 1)..].ToLowerInvariant();
        if (domain is not null && (domain.Length == 0 || domain == urls.Domain.ToLowerInvariant()))
        {
            domain = null;
        }
        var addressed = at >= 0;
        if (text.Length == 0 || (addressed && username.Length == 0))
        {
            return [];
        }

        var accounts = db.Accounts.AsNoTracking().Where(a => a.SuspendedAt == null);
        if (addressed)
        {
            // "name@server" names one server: match on the username there.
            accounts = accounts.Where(a => a.Domain == domain && a.UsernameNormalized.StartsWith(username));
        }
        else
        {
            var words = text.ToLowerInvariant();
            accounts = accounts.Where(a => a.UsernameNormalized.StartsWith(username) || a.DisplayName.ToLower().Contains(words));
        }
        if (viewerId is { } viewer)
        {
            accounts = accounts.Where(a => !db.Blocks.Any(b => (b.AccountId == viewer && b.TargetAccountId == a.Id) || (b.AccountId == a.Id && b.TargetAccountId == viewer)));
            if (request.FollowingOnly)
            {
                accounts = accounts.Where(a => db.Follows.Any(f => f.AccountId == viewer && f.TargetAccountId == a.Id));
            }
        }
        else if (request.FollowingOnly)
        {
            return [];
        }

        var followed = viewerId ?? 0;
        return await accounts
            .OrderBy(a => a.UsernameNormalized == username && a.Domain == domain ? 0 : 1)
            .ThenBy(a => db.Follows.Any(f => f.AccountId == followed && f.TargetAccountId == a.Id) ? 0 : 1)
            .ThenByDescending(a => a.FollowersCount)
            .ThenBy(a => a.Id)
            .Skip(Math.Max(0, request.Offset))
            .Take(Math.Clamp(request.Limit, 1, MaxLimit))
            .ToListAsync(cancellationToken);
    }
}
