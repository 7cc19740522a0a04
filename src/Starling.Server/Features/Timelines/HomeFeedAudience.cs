using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;

namespace Starling.Server.Features.Timelines;

/// <summary>
/// Whose home feeds a new status or boost enters: the author's local followers, narrowed as Mastodon narrows them, and
/// for a public post the local followers of its hashtags. Asked by the fan-out job about a stored status, and while a
/// remote post is being stored, before its mentions and hashtags are rows.
/// </summary>
public sealed class HomeFeedAudience(AppDbContext db, DomainBlockPolicy domainBlocks)
{
    /// <summary>The audience of a stored status (loaded with its author), its mentions and hashtags read from their rows.</summary>
    public Task<List<long>?> OfStoredAsync(Status status, int? limit, CancellationToken cancellationToken)
    {
        var statusId = status.Id;
        return FindAsync(status,
            f => db.Mentions.Any(m => m.StatusId == statusId && m.AccountId == f.AccountId),
            f => db.StatusTags.Any(t => t.StatusId == statusId && t.TagId == f.TagId),
            limit, cancellationToken);
    }

    /// <summary>The audience of a status about to be saved (with its author), its mentions and hashtags taken from the entity.</summary>
    public Task<List<long>?> OfUnsavedAsync(Status status, int? limit, CancellationToken cancellationToken)
    {
        var mentioned = status.Mentions.Select(m => m.AccountId).ToList();
        var tagIds = status.Tags.Select(t => t.TagId).ToList();
        return FindAsync(status, f => mentioned.Contains(f.AccountId), f => tagIds.Contains(f.TagId), limit, cancellationToken);
    }

    /// <returns>The local accounts, or null when there are more than <paramref name="limit"/>.</returns>
    private async Task<List<long>?> FindAsync(Status status, Expression<Func<Follow, bool>> followerIsMentioned,
        Expression<Func<TagFollow, bool>> followsOneOfItsTags, int? limit, CancellationToken cancellationToken)
    {
        var followers = db.Follows.Where(f => f.TargetAccountId == status.AccountId && f.AccountId != status.AccountId
            && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null));
        if (status.ReblogOfId is { } originalId)
        {
            // As on Mastodon: a boost does not repeat a post already in the reader's home, as itself or as an earlier boost.
            followers = followers.Where(f => f.ShowReblogs
                && !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == originalId)
                && !db.Statuses.Any(s => s.ReblogOfId == originalId && db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == s.Id)));
        }
        var rules = await domainBlocks.RulesAsync(cancellationToken);
        if (status.ReblogOfId is { } boostedId && rules.LimitsAny)
        {
            // A silenced server's post reaches only its author's followers, even when someone they follow boosts it.
            var boosted = await db.Statuses.Where(s => s.Id == boostedId).Select(s => new { s.AccountId, s.Account.Domain }).FirstOrDefaultAsync(cancellationToken);
            if (boosted is not null && rules.RuleFor(boosted.Domain).IsLimited)
            {
                followers = followers.Where(f => db.Follows.Any(o => o.AccountId == f.AccountId && o.TargetAccountId == boosted.AccountId));
            }
        }
        if (status.Visibility == Visibility.Direct)
        {
            followers = followers.Where(followerIsMentioned);
        }
        if (status.InReplyToAccountId is { } repliedTo && repliedTo != status.AccountId)
        {
            // As on Mastodon: a reply reaches a home only if its reader also follows (or is) the one replied to.
            followers = followers.Where(f => f.AccountId == repliedTo || db.Follows.Any(o => o.AccountId == f.AccountId && o.TargetAccountId == repliedTo));
        }
        var recipientIds = followers
            .Where(f => !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == status.Id))
            .Select(f => f.AccountId);
        var recipients = await Limited(recipientIds).ToListAsync(cancellationToken);
        if (recipients.Count > limit)
        {
            return null;
        }
        // A silenced server's post does not reach people through its hashtags, only through following its author.
        if (status.Visibility == Visibility.Public && status.ReblogOfId is null && !(rules.LimitsAny && rules.RuleFor(status.Account.Domain).IsLimited))
        {
            // As on Mastodon: a public post also reaches the homes of local people who follow one of its hashtags.
            var tagFollowers = db.TagFollows
                .Where(followsOneOfItsTags)
                .Where(f => f.AccountId != status.AccountId
                    && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null)
                    && !db.HomeFeed.Any(e => e.AccountId == f.AccountId && e.StatusId == status.Id))
                .Select(f => f.AccountId).Distinct();
            recipients = [.. recipients.Union(await Limited(tagFollowers).ToListAsync(cancellationToken))];
            if (recipients.Count > limit)
            {
                return null;
            }
        }
        return recipients;

        // One more than the limit tells that it is exceeded without counting how far.
        IQueryable<long> Limited(IQueryable<long> accountIds) => limit is { } most ? accountIds.Take(most + 1) : accountIds;
    }
}
