using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Statuses;

/// <summary>Finds a status the actor may see, or says "not found" without revealing that a hidden one exists.</summary>
public sealed class StatusAccess(AppDbContext db)
{
    public async Task<Status> FindVisibleAsync(long statusId, long? viewerId, CancellationToken cancellationToken, bool track = false)
    {
        var query = track ? db.Statuses : db.Statuses.AsNoTracking();
        return await query.Include(s => s.Account).Where(s => s.Id == statusId).VisibleTo(db, viewerId).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Status");
    }

    /// <summary>The actor's own status, for edit, delete and pin: someone else's gets a 403, a missing one a 404.</summary>
    public async Task<Status> FindOwnAsync(long statusId, long actorId, CancellationToken cancellationToken)
    {
        var status = await db.Statuses.Include(s => s.Account)
            .Where(s => s.Id == statusId).VisibleTo(db, actorId).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Status");
        if (status.AccountId != actorId)
        {
            throw DomainException.Forbidden("This status belongs to someone else.");
        }
        return status;
    }
}
