using System.Linq.Expressions;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>What is known about one viewer's relation to one status, for the pure visibility rule.</summary>
public sealed record VisibilityFacts(
    long? ViewerId,
    bool ViewerFollowsAuthor,
    bool ViewerIsMentioned,
    bool BlockedEitherWay,
    bool AuthorSuspended);

/// <summary>
/// Who may see a status. Public and unlisted: everyone; followers-only: the author, followers and the mentioned;
/// direct: the author and the mentioned. A block either way hides it, and a suspended author's posts are hidden.
/// <see cref="CanView"/> states the rule; <see cref="VisibleTo"/> is the same rule as a query, and tests hold them equal.
/// </summary>
public static class StatusVisibilityRules
{
    public static bool CanView(Status status, VisibilityFacts facts)
    {
        if (facts.AuthorSuspended)
        {
            return false;
        }
        if (facts.ViewerId == status.AccountId)
        {
            return true;
        }
        if (facts.ViewerId is not null && facts.BlockedEitherWay)
        {
            return false;
        }
        return status.Visibility switch
        {
            Visibility.Public or Visibility.Unlisted => true,
            Visibility.Private => facts.ViewerId is not null && (facts.ViewerFollowsAuthor || facts.ViewerIsMentioned),
            Visibility.Direct => facts.ViewerId is not null && facts.ViewerIsMentioned,
            _ => false,
        };
    }

    public static IQueryable<Status> VisibleTo(this IQueryable<Status> statuses, AppDbContext db, long? viewerId) =>
        statuses.Where(Predicate(db, viewerId));

    public static Expression<Func<Status, bool>> Predicate(AppDbContext db, long? viewerId)
    {
        if (viewerId is not { } viewer)
        {
            return s => s.Account.SuspendedAt == null && s.Visibility <= Visibility.Unlisted;
        }
        return s => s.Account.SuspendedAt == null
            && (s.AccountId == viewer
                || (!db.Blocks.Any(b => (b.AccountId == s.AccountId && b.TargetAccountId == viewer) || (b.AccountId == viewer && b.TargetAccountId == s.AccountId))
                    && (s.Visibility <= Visibility.Unlisted
                        || db.Mentions.Any(m => m.StatusId == s.Id && m.AccountId == viewer)
                        || (s.Visibility == Visibility.Private && db.Follows.Any(f => f.AccountId == viewer && f.TargetAccountId == s.AccountId)))));
    }
}
