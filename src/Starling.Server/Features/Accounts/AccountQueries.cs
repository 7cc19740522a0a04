using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Accounts;

public sealed record AccountPage(IReadOnlyList<Account> Items, long? NextMaxId, long? PrevMinId);

/// <summary>Looks up profiles and the lists hanging off them.</summary>
public sealed class AccountQueries(AppDbContext db)
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

    public Task<AccountPage> FollowersAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.Follows.Where(f => f.TargetAccountId == accountId).Select(f => new Link { Id = f.Id, AccountId = f.AccountId }), page, cancellationToken);

    public Task<AccountPage> FollowingAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.Follows.Where(f => f.AccountId == accountId).Select(f => new Link { Id = f.Id, AccountId = f.TargetAccountId }), page, cancellationToken);

    public Task<AccountPage> FollowRequestsAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.FollowRequests.Where(r => r.TargetAccountId == accountId).Select(r => new Link { Id = r.Id, AccountId = r.AccountId }), page, cancellationToken);

    public Task<AccountPage> BlocksAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.Blocks.Where(b => b.AccountId == accountId).Select(b => new Link { Id = b.Id, AccountId = b.TargetAccountId }), page, cancellationToken);

    public Task<AccountPage> MutesAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(db.Mutes.Where(m => m.AccountId == accountId).Select(m => new Link { Id = m.Id, AccountId = m.TargetAccountId }), page, cancellationToken);

    public Task<int> FollowRequestCountAsync(long accountId, CancellationToken cancellationToken = default) =>
        db.FollowRequests.CountAsync(r => r.TargetAccountId == accountId, cancellationToken);

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
