using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Infrastructure.Caching;

/// <summary>
/// Forgets every cached page built from a row that a committed write touched. The mapping is by entity type, so a
/// new write path needs nothing here; only bulk statements must record what they touched (AppDbContext.RecordBulkChangeAsync).
/// </summary>
public sealed class ResponseCacheEviction(IOutputCacheStore store) : ICommittedChangesObserver
{
    private long _generation;

    /// <summary>Grows with every eviction: a page rendered across one may hold what was just evicted, so it is not stored.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public async ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        var tags = changes.Everything ? new HashSet<string> { ResponseCacheTags.AllPages } : TagsOf(changes.Entities);
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
                    tags.Add(ResponseCacheTags.Status(status.Id));
                    tags.Add(ResponseCacheTags.Account(status.AccountId));
                    if (status.ReblogOfId is { } original)
                    {
                        tags.Add(ResponseCacheTags.Status(original)); // its boost count
                    }
                    if (status.InReplyToId is { } parent)
                    {
                        tags.Add(ResponseCacheTags.Status(parent)); // its reply count
                    }
                    if (status.Visibility == Visibility.Public)
                    {
                        tags.Add(ResponseCacheTags.PublicTimelines);
                    }
                    break;
                case StatusEdit edit:
                    tags.Add(ResponseCacheTags.Status(edit.StatusId));
                    break;
                case StatusTag statusTag:
                    // An edit that adds a hashtag brings the post into that hashtag's timeline.
                    tags.Add(ResponseCacheTags.Status(statusTag.StatusId));
                    tags.Add(ResponseCacheTags.PublicTimelines);
                    break;
                case Poll poll:
                    tags.Add(ResponseCacheTags.Status(poll.StatusId)); // its counts, and whether it has closed
                    break;
                case PollVote vote:
                    tags.Add(ResponseCacheTags.Reader(vote.AccountId));
                    break;
                case ConversationMute conversationMute:
                    tags.Add(ResponseCacheTags.Reader(conversationMute.AccountId));
                    break;
                case Mention mention:
                    tags.Add(ResponseCacheTags.Status(mention.StatusId));
                    tags.Add(ResponseCacheTags.Reader(mention.AccountId));
                    break;
                case Favourite favourite:
                    tags.Add(ResponseCacheTags.Status(favourite.StatusId));
                    tags.Add(ResponseCacheTags.Reader(favourite.AccountId));
                    break;
                case Bookmark bookmark:
                    tags.Add(ResponseCacheTags.Status(bookmark.StatusId));
                    tags.Add(ResponseCacheTags.Reader(bookmark.AccountId));
                    break;
                case StatusPin pin:
                    tags.Add(ResponseCacheTags.Status(pin.StatusId));
                    tags.Add(ResponseCacheTags.Reader(pin.AccountId));
                    tags.Add(ResponseCacheTags.Account(pin.AccountId));
                    break;
                case HomeFeedEntry entry:
                    tags.Add(ResponseCacheTags.Reader(entry.AccountId));
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
                    tags.Add(ResponseCacheTags.Reader(notification.AccountId));
                    break;
                case Marker marker:
                    tags.Add(ResponseCacheTags.Reader(marker.AccountId));
                    break;
                case UserList list:
                    // Members of an exclusive list leave their owner's home; changing members touches the list too.
                    tags.Add(ResponseCacheTags.Reader(list.AccountId));
                    break;
                case Account account:
                    tags.Add(ResponseCacheTags.Account(account.Id));
                    tags.Add(ResponseCacheTags.Reader(account.Id));
                    break;
                case User user:
                    tags.Add(ResponseCacheTags.Reader(user.AccountId));
                    break;
                case Filter filter:
                    // Keyword and status changes also touch their filter's row.
                    tags.Add(ResponseCacheTags.Reader(filter.AccountId));
                    break;
                case MediaAttachment { StatusId: { } mediaStatusId }:
                    tags.Add(ResponseCacheTags.Status(mediaStatusId));
                    break;
            }
        }
        return tags;
    }

    private static void AddPair(HashSet<string> tags, long accountId, long targetAccountId)
    {
        tags.Add(ResponseCacheTags.Reader(accountId));
        tags.Add(ResponseCacheTags.Reader(targetAccountId));
        tags.Add(ResponseCacheTags.Account(accountId));
        tags.Add(ResponseCacheTags.Account(targetAccountId));
    }
}
