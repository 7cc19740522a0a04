using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>Private bookmarks: nobody is told.</summary>
public sealed class BookmarkStatus(AppDbContext db, StatusAccess access, IdGenerator ids, TimeProvider time)
{
    public async Task<Status> BookmarkAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await ContentOf(statusId, actorId, cancellationToken);
        if (!await db.Bookmarks.AnyAsync(b => b.AccountId == actorId && b.StatusId == status.Id, cancellationToken))
        {
            db.Bookmarks.Add(new Bookmark { Id = ids.Next(), AccountId = actorId, StatusId = status.Id, CreatedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
        }
        return status;
    }

    public async Task<Status> UnbookmarkAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await ContentOf(statusId, actorId, cancellationToken);
        await db.Bookmarks.Where(b => b.AccountId == actorId && b.StatusId == status.Id).ExecuteDeleteAsync(cancellationToken);
        await db.RecordBulkChangeAsync(new Bookmark { AccountId = actorId, StatusId = status.Id });
        return status;
    }

    private async Task<Status> ContentOf(long statusId, long actorId, CancellationToken cancellationToken)
    {
        var status = await access.FindVisibleAsync(statusId, actorId, cancellationToken);
        return status.ReblogOfId is { } originalId ? await access.FindVisibleAsync(originalId, actorId, cancellationToken) : status;
    }
}
