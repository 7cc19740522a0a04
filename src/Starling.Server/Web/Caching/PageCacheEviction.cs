using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Web.Caching;

/// <summary>
/// Forgets every cached page built from a row that a committed write touched. The mapping is by entity type, so a
/// new write path needs nothing here; only bulk statements must record what they touched (AppDbContext.RecordBulkChangeAsync).
/// </summary>
public sealed class PageCacheEviction(IOutputCacheStore store) : ICommittedChangesObserver
{
    private long _generation;

    /// <summary>Grows with every eviction: a page rendered across one may hold what was just evicted, so it is not stored.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public async ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        var tags = changes.Everything ? new HashSet<string> { PageCacheTags.AllPages } : TagsOf(changes.Entities);
        if (tags.Count == 0)
        {
            return;
        }
        Interlocked.Increment(ref _generation);
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, CancellationToken.None);
        }
    }

    public static HashSet<string> TagsOf(IEnumerable<object> entities)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            switch (entity)
            {
                case Status status:
                    tags.Add(PageCacheTags.Status(status.Id));
                    tags.Add(PageCacheTags.Account(status.AccountId));
                    if (status.ReblogOfId is { } original)
                    {
                        tags.Add(PageCacheTags.Status(original)); // its boost count
                    }
                    if (status.InReplyToId is { } parent)
                    {
                        tags.Add(PageCacheTags.Status(parent)); // its reply count
                    }
                    if (status.Visibility == Visibility.Public)
                    {
                        tags.Add(PageCacheTags.LocalTimeline);
                    }
                    break;
                case StatusEdit edit:
                    tags.Add(PageCacheTags.Status(edit.StatusId));
                    break;
                case StatusTag statusTag:
                    tags.Add(PageCacheTags.Status(statusTag.StatusId));
                    break;
                case Mention mention:
                    tags.Add(PageCacheTags.Status(mention.StatusId));
                    tags.Add(PageCacheTags.Reader(mention.AccountId));
                    break;
                case Favourite favourite:
                    tags.Add(PageCacheTags.Status(favourite.StatusId));
                    tags.Add(PageCacheTags.Reader(favourite.AccountId));
                    break;
                case Bookmark bookmark:
                    tags.Add(PageCacheTags.Status(bookmark.StatusId));
                    tags.Add(PageCacheTags.Reader(bookmark.AccountId));
                    break;
                case StatusPin pin:
                    tags.Add(PageCacheTags.Status(pin.StatusId));
                    tags.Add(PageCacheTags.Reader(pin.AccountId));
                    tags.Add(PageCacheTags.Account(pin.AccountId));
                    break;
                case HomeFeedEntry entry:
                    tags.Add(PageCacheTags.Reader(entry.AccountId));
                    break;
                case Follow follow:
                    AddPair(tags, follow.AccountId, follow.TargetAccountId);
                    break;
                case FollowRequest request:
                    AddPair(tags, request.AccountId, request.TargetAccountId);
                    break;
                case Block block:
                    AddPair(tags, block.AccountId, block.TargetAccountId);
                    break;
                case Mute mute:
                    AddPair(tags, mute.AccountId, mute.TargetAccountId);
                    break;
                case Notification notification:
                    tags.Add(PageCacheTags.Reader(notification.AccountId));
                    break;
                case Marker marker:
                    tags.Add(PageCacheTags.Reader(marker.AccountId));
                    break;
                case UserList list:
                    // Members of an exclusive list leave their owner's home; changing members touches the list too.
                    tags.Add(PageCacheTags.Reader(list.AccountId));
                    break;
                case Account account:
                    tags.Add(PageCacheTags.Account(account.Id));
                    tags.Add(PageCacheTags.Reader(account.Id));
                    break;
                case User user:
                    tags.Add(PageCacheTags.Reader(user.AccountId));
                    break;
            }
        }
        return tags;
    }

    private static void AddPair(HashSet<string> tags, long accountId, long targetAccountId)
    {
        tags.Add(PageCacheTags.Reader(accountId));
        tags.Add(PageCacheTags.Reader(targetAccountId));
        tags.Add(PageCacheTags.Account(accountId));
        tags.Add(PageCacheTags.Account(targetAccountId));
    }
}
