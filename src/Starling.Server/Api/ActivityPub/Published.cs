using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.ActivityPub;

/// <summary>A local account whose documents are served, or the answer to give instead.</summary>
public sealed record AccountLookup(Account? Account, IResult? Refusal);

/// <summary>
/// Finds the local accounts whose documents other servers may fetch: confirmed and approved ones, suspended ones too
/// (their actor says so, as Mastodon's does). An account that is gone answers 410 with its tombstone; one that never
/// was, or is still waiting for approval, 404.
/// </summary>
public sealed class PublishedAccounts(AppDbContext db, LocalUrls urls, TombstoneBuilder tombstones)
{
    public async Task<AccountLookup> FindAsync(string username, CancellationToken cancellationToken)
    {
        var key = UsernameRules.Normalize(username);
        var account = await db.Accounts.AsNoTracking().Include(a => a.User)
            .FirstOrDefaultAsync(a => a.UsernameNormalized == key && a.Domain == null, cancellationToken);
        if (account is { User: { Approved: true, ConfirmedAt: not null } })
        {
            return new AccountLookup(account, null);
        }
        if (account is null && await GoneAsync(urls.Actor(username), cancellationToken) is { } gone)
        {
            return new AccountLookup(null, gone);
        }
        return new AccountLookup(null, ActivityStreamsResults.NotFound());
    }

    /// <summary>410 with the tombstone of something published at <paramref name="uri"/> and deleted, or null when there is none.</summary>
    public async Task<IResult?> GoneAsync(string uri, CancellationToken cancellationToken) =>
        await db.Tombstones.AsNoTracking().FirstOrDefaultAsync(t => t.Uri == uri, cancellationToken) is { } row
            ? ActivityStreamsResults.Gone(tombstones.Build(row))
            : null;
}

/// <summary>
/// Finds the local statuses served as documents: public and unlisted ones of a published account. Followers-only and
/// direct statuses need to know who asks, which only a signed fetch can tell, so they are not found; a suspended
/// account's statuses are refused (403) as Mastodon refuses them; a deleted status answers 410 with its tombstone.
/// </summary>
public sealed class PublishedStatuses(PublishedAccounts accounts, AppDbContext db, StatusDocumentLoader loader, LocalUrls urls)
{
    public async Task<(StatusSource? Source, IResult? Refusal)> FindAsync(string username, long id, CancellationToken cancellationToken)
    {
        var (account, refusal) = await accounts.FindAsync(username, cancellationToken);
        if (account is null)
        {
            // A deleted account's statuses may have tombstones of their own.
            return (null, await accounts.GoneAsync(urls.StatusUri(username, id), cancellationToken) ?? refusal);
        }
        if (account.IsSuspended)
        {
            return (null, ActivityStreamsResults.Forbidden());
        }
        var visibility = await db.Statuses.AsNoTracking()
            .Where(s => s.Id == id && s.AccountId == account.Id)
            .Select(s => (Visibility?)s.Visibility)
            .FirstOrDefaultAsync(cancellationToken);
        if (visibility is null)
        {
            return (null, await accounts.GoneAsync(urls.StatusUri(account.Username, id), cancellationToken) ?? ActivityStreamsResults.NotFound());
        }
        if (visibility is not (Visibility.Public or Visibility.Unlisted))
        {
            return (null, ActivityStreamsResults.NotFound());
        }
        var source = await loader.LoadOneAsync(id, cancellationToken);
        return source is null ? (null, ActivityStreamsResults.NotFound()) : (source, null);
    }
}
