using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure;

namespace Starling.Server.Features.Accounts;

public sealed record AccountPage(IReadOnlyList<Account> Items, long? NextMaxId, long? PrevMinId)
{
    public static AccountPage Empty { get; } = new([], null, null);
}

/// <summary>An account the viewer mutes, and when the mute ends (null: never).</summary>
public sealed record MutedAccount(Account Account, DateTime? ExpiresAt);

public sealed record MutedAccountPage(IReadOnlyList<MutedAccount> Items, long? NextMaxId, long? PrevMinId);

/// <summary>Looks up profiles and the lists hanging off them.</summary>
public sealed class AccountQueries(AppDbContext db, LocalUrls urls, TimeProvider time)
{
    /// <summary>A local profile by username, case-insensitively; suspended accounts are not found.</summary>
    public async Task<Account> ByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        var key = UsernameRules.Normalize(username.TrimStart('@'));
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UsernameNormalized == key && a.Domain == null && a.SuspendedAt == null, cancellationToken)
            ?? throw DomainException.NotFound("Account");
    }

    public async Task<Account> ByIdAsync(long id, CancellationToken cancellationToken = default) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.SuspendedAt == null, cancellationToken)
        ?? throw DomainException.NotFound("Account");

    /// <summary>
    /// Any known account, suspended ones included: Mastodon clients are shown a suspended account as such (its name and
    /// bio withheld) rather than as missing. Only an account that does not exist is not found.
    /// </summary>
    public async Task<Account> ProfileAsync(long id, CancellationToken cancellationToken = default) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
        ?? throw DomainException.NotFound("Account");

    /// <summary>
    /// An account by its address as Mastodon's <c>acct</c> writes it: "alice", "@alice", "alice@this.server" for a local
    /// one, "bob@example.org" for a remote one already known here (no WebFinger lookup). Suspended accounts are found.
    /// </summary>
    public async Task<Account> ByAcctAsync(string acct, CancellationToken cancellationToken = default)
    {
        var (username, domain) = SplitAcct(acct);
        if (username.Length == 0)
        {
            throw DomainException.NotFound("Account");
        }
        var key = UsernameRules.Normalize(username);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UsernameNormalized == key && a.Domain == domain, cancellationToken)
            ?? throw DomainException.NotFound("Account");
    }

    /// <summary>The accounts of these ids that exist, in the order asked, each once; suspended ones only when asked for.</summary>
    public async Task<IReadOnlyList<Account>> ByIdsAsync(IReadOnlyCollection<long> ids, bool includeSuspended = false, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var found = await db.Accounts.AsNoTracking()
            .Where(a => EF.Parameter(wanted).Contains(a.Id) && (includeSuspended || a.SuspendedAt == null))
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        return wanted.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>A local account's login with the account itself, for what only its owner sees (credentials, preferences).</summary>
    public async Task<User> OwnerAsync(long accountId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Include(u => u.Account).FirstOrDefaultAsync(u => u.AccountId == accountId, cancellationToken)
        ?? throw DomainException.NotFound("Account");

    /// <summary>Who follows the account, newest follow first; empty when its connections are hidden from the viewer.</summary>
    public async Task<AccountPage> FollowersAsync(long accountId, PageRequest page, long? viewerId = null, CancellationToken cancellationToken = default) =>
        await ConnectionsHiddenAsync(accountId, viewerId, cancellationToken)
            ? AccountPage.Empty
            : await PageAsync(db.Follows.Where(f => f.TargetAccountId == accountId).Select(f => new Link { Id = f.Id, AccountId = f.AccountId }), page, cancellationToken);

    /// <summary>Whom the account follows, newest follow first; empty when its connections are hidden from the viewer.</summary>
    public async Task<AccountPage> FollowingAsync(long accountId, PageRequest page, long? viewerId = null, CancellationToken cancellationToken = default) =>
        await ConnectionsHiddenAsync(accountId, viewerId, cancellationToken)
            ? AccountPage.Empty
            : await PageAsync(db.Follows.Where(f => f.AccountId == accountId).Select(f => new Link { Id = f.Id, AccountId = f.TargetAccountId }), page, cancellationToken);

    public Task<AccountPage> FollowRequestsAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.FollowRequests.Where(r => r.TargetAccountId == accountId).Select(r => new Link { Id = r.Id, AccountId = r.AccountId }), page, cancellationToken);

    public Task<AccountPage> BlocksAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.Blocks.Where(b => b.AccountId == accountId).Select(b => new Link { Id = b.Id, AccountId = b.TargetAccountId }), page, cancellationToken);

    /// <summary>The accounts the viewer mutes now (mutes that ran out are left out), newest mute first, with when each ends.</summary>
    public async Task<MutedAccountPage> MutesAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mutes = db.Mutes.Where(m => m.AccountId == accountId && (m.ExpiresAt == null || m.ExpiresAt > now));
        var accounts = await PageAsync(mutes.Select(m => new Link { Id = m.Id, AccountId = m.TargetAccountId }), page, cancellationToken);
        var ids = accounts.Items.Select(a => a.Id).ToList();
        var expiries = await mutes.Where(m => ids.Contains(m.TargetAccountId)).ToDictionaryAsync(m => m.TargetAccountId, m => m.ExpiresAt, cancellationToken);
        return new MutedAccountPage(
            accounts.Items.Select(a => new MutedAccount(a, expiries.GetValueOrDefault(a.Id))).ToList(), accounts.NextMaxId, accounts.PrevMinId);
    }

    public Task<int> FollowRequestCountAsync(long accountId, CancellationToken cancellationToken = default) =>
        db.FollowRequests.CountAsync(r => r.TargetAccountId == accountId, cancellationToken);

    /// <summary>As on Mastodon: nobody sees a suspended account's connections, nor those of an account that blocks them.</summary>
    private async Task<bool> ConnectionsHiddenAsync(long accountId, long? viewerId, CancellationToken cancellationToken) =>
        await db.Accounts.AnyAsync(a => a.Id == accountId && a.SuspendedAt != null, cancellationToken)
        || (viewerId is { } viewer && viewer != accountId
            && await db.Blocks.AnyAsync(b => b.AccountId == accountId && b.TargetAccountId == viewer, cancellationToken));

    /// <summary>"@Alice@this.server" is ("Alice", null); "bob@Example.org" is ("bob", "example.org").</summary>
    private (string Username, string? Domain) SplitAcct(string acct)
    {
        var text = acct.Trim().TrimStart('@');
        var at = text.IndexOf('@');
        if (at < 0)
        {
            return (text, null);
        }
        var domain = text[(at + 1)..].ToLowerInvariant();
        return (text[..at], domain.Length == 0 || domain == urls.Domain.ToLowerInvariant() ? null : domain);
    }

    /// <summary>Lists page by when the link was made, so a new follower appears first.</summary>
    private async Task<AccountPage> PageAsync(IQueryable<Link> links, PageRequest page, CancellationToken cancellationToken)
    {
        var visible = db.Accounts.Where(a => a.SuspendedAt == null);
        var rows = (await links.Where(l => visible.Any(a => a.Id == l.AccountId)).ApplyKeyset(page, l => l.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        var ids = rows.Select(r => r.AccountId).ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        return new AccountPage(rows.Select(r => accounts[r.AccountId]).ToList(), rows.Count > 0 ? rows[^1].Id : null, rows.Count > 0 ? rows[0].Id : null);
    }

    // Member-initialised, not positional: EF can translate a filter on a projected property only when it sees the assignments.
    private sealed class Link
    {
        public long Id { get; init; }
        public long AccountId { get; init; }
    }
}
