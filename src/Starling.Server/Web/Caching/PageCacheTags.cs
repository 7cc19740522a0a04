using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Web.Caching;

/// <summary>
/// What a cached page was built from. A page carries the tag of its reader and of every status and author it shows;
/// a committed write evicts the tags of the rows it touched (<see cref="PageCacheEviction"/>).
/// </summary>
public static class PageCacheTags
{
    /// <summary>Carried by every cached page.</summary>
    public const string AllPages = "pages";

    /// <summary>Carried by every cached page of the local timeline, for new public posts.</summary>
    public const string LocalTimeline = "timeline:local";

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
