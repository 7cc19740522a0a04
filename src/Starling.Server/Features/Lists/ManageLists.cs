using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Lists;

/// <summary>What to change on a list; null leaves a setting as it is.</summary>
public sealed record ListChanges(string? Title = null, ListRepliesPolicy? RepliesPolicy = null, bool? Exclusive = null);

/// <summary>
/// Makes, changes and deletes a user's lists and who is on them. Only accounts the owner follows can be listed; an
/// unfollow takes the account off the owner's lists (the membership rests on the follow).
/// </summary>
public sealed class ManageLists(AppDbContext db, IdGenerator ids, TimeProvider time)
{
    /// <summary>As on Mastodon, a user may keep up to 50 lists.</summary>
    public const int MaxListsPerAccount = 50;

    public const int MaxTitleLength = 256;

    public async Task<UserList> CreateAsync(long ownerId, string? title, ListRepliesPolicy repliesPolicy = ListRepliesPolicy.List, bool exclusive = false,
        CancellationToken cancellationToken = default)
    {
        var validTitle = ValidTitle(title);
        if (await db.Lists.CountAsync(l => l.AccountId == ownerId, cancellationToken) >= MaxListsPerAccount)
        {
            throw DomainException.Invalid($"You cannot have more than {MaxListsPerAccount} lists.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var list = new UserList
        {
            Id = ids.Next(),
            AccountId = ownerId,
            Title = validTitle,
            RepliesPolicy = repliesPolicy,
            Exclusive = exclusive,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        return list;
    }

    public async Task<UserList> UpdateAsync(long ownerId, long listId, ListChanges changes, CancellationToken cancellationToken = default)
    {
        var list = await FindOwnAsync(ownerId, listId, cancellationToken);
        if (changes.Title is not null)
        {
            list.Title = ValidTitle(changes.Title);
        }
        list.RepliesPolicy = changes.RepliesPolicy ?? list.RepliesPolicy;
        list.Exclusive = changes.Exclusive ?? list.Exclusive;
        list.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return list;
    }

    public async Task DeleteAsync(long ownerId, long listId, CancellationToken cancellationToken = default)
    {
        db.Lists.Remove(await FindOwnAsync(ownerId, listId, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds all the accounts or none: each must exist and be followed by the owner, and not be on the list already.</summary>
    public async Task AddAccountsAsync(long ownerId, long listId, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken = default)
    {
        var list = await FindOwnAsync(ownerId, listId, cancellationToken);
        var wanted = accountIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        var existing = await db.Accounts.Where(a => wanted.Contains(a.Id) && a.SuspendedAt == null).Select(a => a.Id).ToListAsync(cancellationToken);
        if (existing.Count != wanted.Count)
        {
            throw DomainException.NotFound("Account");
        }
        var follows = await db.Follows.Where(f => f.AccountId == ownerId && wanted.Contains(f.TargetAccountId))
            .ToDictionaryAsync(f => f.TargetAccountId, f => f.Id, cancellationToken);
        if (wanted.Any(id => !follows.ContainsKey(id)))
        {
            throw DomainException.Invalid("You can only add accounts you follow to a list.", "account_ids");
        }
        if (await db.ListMembers.AnyAsync(m => m.ListId == listId && wanted.Contains(m.AccountId), cancellationToken))
        {
            throw new DomainException(DomainErrorKind.Conflict, "That account is already on the list.", "account_ids");
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.ListMembers.AddRange(wanted.Select(id => new ListMember { Id = ids.Next(), ListId = listId, AccountId = id, FollowId = follows[id], CreatedAt = now }));
        // The list itself changes too: what its owner's home shows depends on who is on an exclusive list.
        list.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes the accounts off the list; accounts that are not on it are ignored.</summary>
    public async Task RemoveAccountsAsync(long ownerId, long listId, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken = default)
    {
        var list = await FindOwnAsync(ownerId, listId, cancellationToken);
        var ids = accountIds.Distinct().ToList();
        var members = await db.ListMembers.Where(m => m.ListId == listId && ids.Contains(m.AccountId)).ToListAsync(cancellationToken);
        if (members.Count == 0)
        {
            return;
        }
        db.ListMembers.RemoveRange(members);
        list.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<UserList> FindOwnAsync(long ownerId, long listId, CancellationToken cancellationToken) =>
        await db.Lists.FirstOrDefaultAsync(l => l.Id == listId && l.AccountId == ownerId, cancellationToken) ?? throw DomainException.NotFound("List");

    private static string ValidTitle(string? title)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid("Title can't be blank.", "title");
        }
        if (trimmed.Length > MaxTitleLength)
        {
            throw DomainException.Invalid($"Title is too long (maximum is {MaxTitleLength} characters).", "title");
        }
        return trimmed;
    }
}
