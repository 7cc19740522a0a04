using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// Deletes the actor's own status; its boosts, favourites, bookmarks and feed entries go with it. Its files stay a day as
/// unattached uploads, so a deleted and redrafted post can take them again (as on Mastodon), unless the author asks
/// for them to go at once.
/// </summary>
public sealed class DeleteStatus(AppDbContext db, StatusAccess access, MediaFiles files, DomainEventCollector events)
{
    public async Task<Status> DeleteAsync(long actorId, long statusId, bool deleteMedia = false, CancellationToken cancellationToken = default)
    {
        var status = await access.FindOwnAsync(statusId, actorId, cancellationToken);
        if (status.ReblogOfId is { } originalId)
        {
            if (await db.Statuses.FindAsync([originalId], cancellationToken) is { } original)
            {
                original.ReblogsCount = Math.Max(0, original.ReblogsCount - 1);
            }
        }
        else
        {
            status.Account.StatusesCount = Math.Max(0, status.Account.StatusesCount - 1);
            if (status.InReplyToId is { } parentId && await db.Statuses.FindAsync([parentId], cancellationToken) is { } parent)
            {
                parent.RepliesCount = Math.Max(0, parent.RepliesCount - 1);
            }
        }
        var media = deleteMedia ? await db.MediaAttachments.Where(m => m.StatusId == status.Id).ToListAsync(cancellationToken) : [];
        db.MediaAttachments.RemoveRange(media);
        db.Statuses.Remove(status);
        events.Raise(new StatusDeleted(status));
        await db.SaveChangesAsync(cancellationToken);
        await files.RemoveAsync(media);
        return status;
    }
}
