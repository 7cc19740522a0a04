using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Infrastructure.Caching;

/// <summary>
/// What a cached response (a web page, an API timeline) was built from. It carries the tag of its reader and of every
/// status and author it shows; a committed write evicts the tags of the rows it touched (<see cref="ResponseCacheEviction"/>).
/// </summary>
public static class ResponseCacheTags
{
    /// <summary>Carried by every cached page.</summary>
    public const string AllPages = "pages";

    /// <summary>Carried by every cached public timeline (local, federated, hashtag), for new public posts.</summary>
    public const string PublicTimelines = "timelines:public";

    /// <summary>Everything about one reader that shapes their pages: home feed, relationships, counts in the navigation.</summary>
    public static string Reader(long accountId) => "reader:" + accountId;

    public static string Status(long statusId) => "status:" + statusId;

    public static string Account(long accountId) => "account:" + accountId;

    /// <summary>Tags the page being rendered with the statuses it shows, their authors and boosters.</summary>
    public static void TagPage(this HttpContext context, IEnumerable<StatusView> statuses)
    {
        if (context.Features.Get<IOutputCacheFeature>()?.Context.Tags is not { } tags)
        {
            return; // Not a cached page.
        }
        AddShown(tags, statuses);
    }

    /// <summary>The tags of the statuses shown, their authors and boosters.</summary>
    public static void AddShown(ISet<string> tags, IEnumerable<StatusView> statuses)
    {
        foreach (var view in statuses)
        {
            tags.Add(Status(view.Status.Id));
            tags.Add(Account(view.Status.AccountId));
            if (view.Status.ReblogOf is { } original)
            {
                tags.Add(Status(original.Id));
                tags.Add(Account(original.AccountId));
            }
        }
    }

    public static void TagPage(this HttpContext context, string tag) =>
        context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(tag);
}
