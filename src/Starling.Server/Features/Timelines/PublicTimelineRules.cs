using Starling.Server.Data.Entities;

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
}
