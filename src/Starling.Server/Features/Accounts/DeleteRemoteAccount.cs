using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Accounts;

/// <summary>
/// A remote account was deleted on its server: everything stored of it goes (its posts and boosts, follows both ways,
/// favourites, votes, blocks, mutes, notifications it caused), and the counters its rows added to on other accounts,
/// posts and polls are taken back, in one transaction, as a local account's deletion does.
/// </summary>
public sealed class DeleteRemoteAccount(AppDbContext db)
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
        var followedIds = await db.Follows.Where(f => f.AccountId == accountId).Select(f => f.TargetAccountId).ToListAsync(cancellationToken);
        var followerIds = await db.Follows.Where(f => f.TargetAccountId == accountId).Select(f => f.AccountId).ToListAsync(cancellationToken);
        await db.Accounts.Where(a => followedIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.FollowersCount, a => a.FollowersCount - 1), cancellationToken);
        await db.Accounts.Where(a => followerIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.FollowingCount, a => a.FollowingCount - 1), cancellationToken);
        await db.Statuses.Where(s => s.AccountId != accountId && db.Favourites.Any(f => f.AccountId == accountId && f.StatusId == s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FavouritesCount, x => x.FavouritesCount - 1), cancellationToken);
        await db.Statuses.Where(s => s.AccountId != accountId && db.Statuses.Any(b => b.AccountId == accountId && b.ReblogOfId == s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReblogsCount, x => x.ReblogsCount - 1), cancellationToken);
        await db.Statuses.Where(s => s.AccountId != accountId && db.Statuses.Any(r => r.AccountId == accountId && r.InReplyToId == s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RepliesCount, x => x.RepliesCount - db.Statuses.Count(r => r.AccountId == accountId && r.InReplyToId == x.Id)), cancellationToken);
        await TakeBackVotesAsync(accountId, cancellationToken);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.RecordSweepingChangeAsync();
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The account's votes leave the tallies of other accounts' polls (the vote rows go with the account).</summary>
    private async Task TakeBackVotesAsync(long accountId, CancellationToken cancellationToken)
    {
        var votes = await db.PollVotes.Where(v => v.AccountId == accountId).ToListAsync(cancellationToken);
        if (votes.Count == 0)
        {
            return;
        }
        var pollIds = votes.Select(v => v.PollId).Distinct().ToList();
        foreach (var poll in await db.Polls.Where(p => pollIds.Contains(p.Id) && p.AccountId != accountId).ToListAsync(cancellationToken))
        {
            var choices = votes.Where(v => v.PollId == poll.Id).Select(v => v.Choice).ToList();
            poll.Tallies = [.. poll.Tallies.Select((count, index) => Math.Max(0, count - choices.Count(c => c == index)))];
            poll.VotesCount = Math.Max(0, poll.VotesCount - choices.Count);
            poll.VotersCount = Math.Max(0, poll.VotersCount - 1);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
