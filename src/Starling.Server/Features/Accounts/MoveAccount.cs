using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Infrastructure;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Accounts;

/// <summary>
/// Account migration, as on Mastodon. To move here from elsewhere, the new account first names the old one as an
/// alias (<c>alsoKnownAs</c>); to move away, the old account names its new one, which must already name it back, so
/// nobody can claim someone else's followers. Followers here follow the new account at once; other servers move
/// theirs when the Move activity reaches them.
/// </summary>
public sealed class MoveAccount(
    AppDbContext db,
    IRemoteAccountResolver remote,
    IPasswordHasher<User> hasher,
    LocalUrls urls,
    DomainEventCollector events,
    JobQueue jobs,
    TimeProvider time)
{
    public const int MaxAliases = 10;

    /// <summary>The accounts this one also is, as their ActivityPub ids.</summary>
    public async Task<IReadOnlyList<string>> AliasesAsync(long accountId, CancellationToken cancellationToken = default) =>
        (await LocalAccountAsync(accountId, cancellationToken)).AlsoKnownAs;

    /// <summary>Names another account (by handle, <c>user@domain</c>) as one this account also is.</summary>
    public async Task<Account> AddAliasAsync(long accountId, string handle, CancellationToken cancellationToken = default)
    {
        var account = await LocalAccountAsync(accountId, cancellationToken);
        var other = await FindAsync(handle, cancellationToken);
        if (other.Id == account.Id)
        {
            throw DomainException.Invalid("An account cannot be an alias of itself.", "acct");
        }
        var uri = urls.ActorUri(other);
        if (account.AlsoKnownAs.Contains(uri))
        {
            return other;
        }
        if (account.AlsoKnownAs.Count >= MaxAliases)
        {
            throw DomainException.Invalid($"An account can have at most {MaxAliases} aliases.", "acct");
        }
        account.AlsoKnownAs = [.. account.AlsoKnownAs, uri];
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        events.Raise(new ProfileUpdated(account));
        await db.SaveChangesAsync(cancellationToken);
        return other;
    }

    public async Task RemoveAliasAsync(long accountId, string uri, CancellationToken cancellationToken = default)
    {
        var account = await LocalAccountAsync(accountId, cancellationToken);
        if (!account.AlsoKnownAs.Contains(uri))
        {
            return;
        }
        account.AlsoKnownAs = account.AlsoKnownAs.Where(alias => alias != uri).ToList();
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        events.Raise(new ProfileUpdated(account));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Moves this account to <paramref name="handle"/>, confirmed by the owner's password. The new account is read
    /// afresh from its server, since it has likely just named this one.
    /// </summary>
    public async Task<Account> MoveToAsync(long accountId, string handle, string password, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.Include(u => u.Account).FirstOrDefaultAsync(u => u.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Account");
        if (password.Length == 0 || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            throw DomainException.Invalid("That is not your current password.", "password");
        }
        var account = user.Account;
        var target = await FindAsync(handle, cancellationToken);
        if (!target.IsLocal && target.Uri is { } targetUri)
        {
            target = await remote.RefreshAsync(targetUri, cancellationToken) ?? target;
        }
        if (target.Id == account.Id)
        {
            throw DomainException.Invalid("An account cannot move to itself.", "acct");
        }
        if (target.MovedToAccountId is not null)
        {
            throw DomainException.Invalid("That account has itself moved away.", "acct");
        }
        if (!target.AlsoKnownAs.Contains(urls.ActorUri(account)))
        {
            throw DomainException.Invalid(
                $"{Handle(target)} does not name this account as an alias yet. Add it there first, then move.", "acct");
        }
        account.MovedToAccountId = target.Id;
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        // The Move tells followers' servers; the Update brings the actor's movedTo to everyone else who has a copy.
        events.Raise(new AccountMoved(account, target));
        events.Raise(new ProfileUpdated(account));
        jobs.Enqueue(new MoveFollowersJob(account.Id, target.Id));
        await db.SaveChangesAsync(cancellationToken);
        return target;
    }

    private async Task<Account> LocalAccountAsync(long accountId, CancellationToken cancellationToken) =>
        await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId && a.Domain == null, cancellationToken)
            ?? throw DomainException.NotFound("Account");

    private async Task<Account> FindAsync(string handle, CancellationToken cancellationToken)
    {
        var found = RemoteSearch.IsHandle(handle, out var username, out var domain)
            ? await remote.ResolveHandleAsync(username, domain, cancellationToken)
            : await db.Accounts.FirstOrDefaultAsync(a => a.UsernameNormalized == handle.Trim().TrimStart('@').ToLowerInvariant() && a.Domain == null, cancellationToken);
        if (found is null || found.IsSuspended)
        {
            throw DomainException.Invalid($"No account {handle.Trim()} could be found.", "acct");
        }
        return found;
    }

    private static string Handle(Account account) => account.IsLocal ? $"@{account.Username}" : $"@{account.Username}@{account.Domain}";
}
