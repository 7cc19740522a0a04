using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Lists;

/// <summary>A user's lists and who is on them; lists are private, so another user's list is not found.</summary>
public sealed class ListQueries(AppDbContext db)
{
    /// <summary>Every list of the owner, oldest first.</summary>
    public async Task<IReadOnlyList<UserList>> AllAsync(long ownerId, CancellationToken cancellationToken = default) =>
        await db.Lists.AsNoTracking().Where(l => l.AccountId == ownerId).OrderBy(l => l.Id).ToListAsync(cancellationToken);

    public async Task<UserList> FindAsync(long ownerId, long listId, CancellationToken cancellationToken = default) =>
        await db.Lists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId && l.AccountId == ownerId, cancellationToken)
        ?? throw DomainException.NotFound("List");

    /// <summary>The owner's lists that hold the account, oldest first.</summary>
    public async Task<IReadOnlyList<UserList>> ContainingAsync(long ownerId, long accountId, CancellationToken cancellationToken = default) =>
        await db.Lists.AsNoTracking()
            .Where(l => l.AccountId == ownerId && db.ListMembers.Any(m => m.ListId == l.Id && m.AccountId == accountId))
            .OrderBy(l => l.Id).ToListAsync(cancellationToken);

    /// <summary>The list's members, the most recently added first, paged by when they were added; every one when <paramref name="page"/> is null.</summary>
    public async Task<AccountPage> MembersAsync(long ownerId, long listId, PageRequest? page, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(ownerId, listId, cancellationToken);
        var members = db.ListMembers.AsNoTracking().Include(m => m.Account)
            .Where(m => m.ListId == list.Id && m.Account.SuspendedAt == null);
        var rows = page is null
            ? await members.OrderByDescending(m => m.Id).ToListAsync(cancellationToken)
            : (await members.ApplyKeyset(page, m => m.Id).ToListAsync(cancellationToken)).NewestFirst(page);
        return new AccountPage(rows.Select(m => m.Account).ToList(), rows.Count > 0 ? rows[^1].Id : null, rows.Count > 0 ? rows[0].Id : null);
    }
}
