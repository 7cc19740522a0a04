using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;

namespace Starling.Server.Features.Accounts;

/// <summary>
/// What an account's rows added to other accounts, posts and polls: follower and following counts, favourites, boosts,
/// replies and poll votes. An account deleted here or on its own server takes it all back before its rows go.
/// </summary>
public static class AccountFootprint
{
    /// <summary>Call inside the deletion's transaction, before the account's rows are deleted.</summary>
    public static async Task TakeBackAsync(AppDbContext db, long accountId, CancellationToken cancellationToken)
    {
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
        await TakeBackVotesAsync(db, accountId, cancellationToken);
    }

    /// <summary>The account's votes leave the tallies of other accounts' polls (the vote rows go with the account).</summary>
    private static async Task TakeBackVotesAsync(AppDbContext db, long accountId, CancellationToken cancellationToken)
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
