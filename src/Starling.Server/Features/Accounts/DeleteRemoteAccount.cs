using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;

namespace Starling.Server.Features.Accounts;

/// <summary>
/// A remote account was deleted on its server: everything stored of it goes (its posts and boosts, follows both ways,
/// favourites, votes, blocks, mutes, notifications it caused), and the counters its rows added to on other accounts,
/// posts and polls are taken back, in one transaction, as a local account's deletion does. Its cached avatar, header and
/// posts' files are removed once that has committed.
/// </summary>
public sealed class DeleteRemoteAccount(AppDbContext db, MediaFiles files)
{
    /// <returns>Whether there was such an account.</returns>
    public async Task<bool> DeleteAsync(long accountId, CancellationToken cancellationToken = default)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return false;
        }
        if (account.IsLocal)
        {
            throw DomainException.Invalid("Local accounts are deleted by their owner or a moderator.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AccountFootprint.TakeBackAsync(db, accountId, cancellationToken);
        var stored = await MediaFiles.OfAccountsAsync(db, [accountId], cancellationToken);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordSweepingChangeAsync();
        await transaction.CommitAsync(cancellationToken);
        await files.RemoveAsync(stored);
        return true;
    }
}
