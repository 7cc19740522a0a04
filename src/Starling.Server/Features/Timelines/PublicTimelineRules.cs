using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;

namespace Starling.Server.Features.Timelines;

/// <summary>
/// Which statuses the public timelines (local, and later federated and remote) and hashtag timelines take, stated once
/// for the pages (<see cref="TimelineQueries"/>) and the live streams (<see cref="LiveTimelines"/>).
/// </summary>
public static class PublicTimelineRules
{
    /// <summary>Public posts, not boosts; replies only when they continue the author's own thread, as on Mastodon.</summary>
    public static IQueryable<Status> InPublicTimelines(this IQueryable<Status> statuses) =>
        statuses.Where(s => s.Visibility == Visibility.Public && s.ReblogOfId == null
            && (s.InReplyToAccountId == null || s.InReplyToAccountId == s.AccountId));

    /// <summary>Hashtag timelines show every public post with the tag, replies included.</summary>
    public static IQueryable<Status> InHashtagTimelines(this IQueryable<Status> statuses) =>
        statuses.Where(s => s.Visibility == Visibility.Public);

    /// <summary>
    /// Without posts from silenced or suspended servers (or servers below their names): those reach only their authors'
    /// followers. Only needed while some block limits a server (<see cref="DomainBlockRules.LimitsAny"/>).
    /// </summary>
    public static IQueryable<Status> WithoutLimitedServers(this IQueryable<Status> statuses, AppDbContext db) =>
        statuses.Where(s => s.Account.Domain == null || !db.DomainBlocks.Any(b => b.Severity != DomainBlockSeverity.None
            && (s.Account.Domain == b.Domain || s.Account.Domain.EndsWith("." + b.Domain)
                // Servers reached on a port of their own (development, tests) keep it in their accounts' domain.
                || s.Account.Domain.StartsWith(b.Domain + ":") || s.Account.Domain.Contains("." + b.Domain + ":"))));
}
