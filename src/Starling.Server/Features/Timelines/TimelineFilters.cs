using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Timelines;

/// <summary>What every timeline hides from a signed-in reader: accounts they mute or block, or that block them.</summary>
public static class TimelineFilters
{
    public static IQueryable<Status> WithoutMutedOrBlocked(this IQueryable<Status> statuses, AppDbContext db, long? viewerId, DateTime now)
    {
        statuses = statuses.Where(s => s.Account.SuspendedAt == null && (s.ReblogOfId == null || s.ReblogOf!.Account.SuspendedAt == null));
        if (viewerId is not { } viewer)
        {
            return statuses;
        }
        return statuses.Where(s =>
            !db.Mutes.Any(m => m.AccountId == viewer && (m.ExpiresAt == null || m.ExpiresAt > now)
                && (m.TargetAccountId == s.AccountId || (s.ReblogOfId != null && m.TargetAccountId == s.ReblogOf!.AccountId)))
            && !db.Blocks.Any(b => (b.AccountId == viewer && (b.TargetAccountId == s.AccountId || (s.ReblogOfId != null && b.TargetAccountId == s.ReblogOf!.AccountId)))
                || (b.TargetAccountId == viewer && (b.AccountId == s.AccountId || (s.ReblogOfId != null && b.AccountId == s.ReblogOf!.AccountId)))));
    }
}
