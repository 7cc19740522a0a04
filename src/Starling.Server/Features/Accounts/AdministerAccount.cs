using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;
using Starling.Server.Infrastructure.Security;

namespace Starling.Server.Features.Accounts;

/// <summary>Moderator actions on a local user: confirm, approve, suspend, unsuspend, delete.</summary>
public sealed class AdministerAccount(AppDbContext db, AccessTokenCache tokenCache, DomainEventCollector events, MediaFiles files, TimeProvider time)
{
    public async Task<User> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        var key = UsernameRules.Normalize(username.Trim().TrimStart('@'));
        return await db.Users.Include(u => u.Account)
            .FirstOrDefaultAsync(u => u.Account.UsernameNormalized == key && u.Account.Domain == null, cancellationToken)
            ?? throw DomainException.NotFound($"User '{username}'");
    }

    public async Task ConfirmAsync(string username, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(username, cancellationToken);
        user.ConfirmedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ApproveAsync(string username, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(username, cancellationToken);
        user.Approved = true;
        await db.SaveChangesAsync(cancellationToken);
        // Tokens issued at sign-up were remembered as waiting for approval.
        tokenCache.Invalidate();
    }

    public async Task SuspendAsync(string username, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(username, cancellationToken);
        user.Account.SuspendedAt ??= time.GetUtcNow().UtcDateTime;
        // Ends every session the user has open.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await RevokeTokens(user.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        tokenCache.Invalidate();
    }

    public async Task UnsuspendAsync(string username, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(username, cancellationToken);
        user.Account.SuspendedAt = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the user, the account and everything that hangs off it, in one transaction; then the files it kept (its
    /// avatar, header and media), which nobody may fetch any more.
    /// </summary>
    public async Task DeleteAsync(string username, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(username, cancellationToken);
        var accountId = user.AccountId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Its consequences (telling other servers) are written first, while the rows that say who must hear still exist.
        events.Raise(new AccountDeleted(user.Account));
        await db.SaveChangesAsync(cancellationToken);
        await AccountFootprint.TakeBackAsync(db, accountId, cancellationToken);
        var subject = OAuthSubject(user.Id);
        await db.OAuthTokens.Where(t => t.Subject == subject).ExecuteDeleteAsync(cancellationToken);
        await db.OAuthAuthorizations.Where(a => a.Subject == subject).ExecuteDeleteAsync(cancellationToken);
        var stored = await MediaFiles.OfAccountsAsync(db, [accountId], cancellationToken);
        // Boosts of this account's statuses cascade; statuses elsewhere that replied to them keep their text.
        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordSweepingChangeAsync();
        await transaction.CommitAsync(cancellationToken);
        tokenCache.Invalidate();
        await files.RemoveAsync(stored);
    }

    /// <summary>Ends every app's access: tokens and the authorizations they hang off (the OAuth subject is the user id).</summary>
    private async Task RevokeTokens(long userId, CancellationToken cancellationToken)
    {
        var subject = OAuthSubject(userId);
        await db.OAuthTokens.Where(t => t.Subject == subject && t.Status != OAuthStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, OAuthStatuses.Revoked), cancellationToken);
        await db.OAuthAuthorizations.Where(a => a.Subject == subject && a.Status != OAuthStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, OAuthStatuses.Revoked), cancellationToken);
    }

    public static string OAuthSubject(long userId) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
