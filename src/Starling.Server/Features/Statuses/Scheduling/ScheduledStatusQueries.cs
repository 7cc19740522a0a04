using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Statuses.Scheduling;

/// <summary>An author's posts that are waiting, newest scheduled (by id) first.</summary>
public sealed class ScheduledStatusQueries(AppDbContext db)
{
    public async Task<IReadOnlyList<ScheduledStatus>> ListAsync(long authorId, PageRequest page, CancellationToken cancellationToken = default) =>
        (await db.ScheduledStatuses.AsNoTracking().Where(s => s.AccountId == authorId)
            .ApplyKeyset(page, s => s.Id).ToListAsync(cancellationToken)).NewestFirst(page);

    public async Task<ScheduledStatus> FindAsync(long authorId, long scheduledStatusId, CancellationToken cancellationToken = default) =>
        await db.ScheduledStatuses.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduledStatusId && s.AccountId == authorId, cancellationToken)
            ?? throw DomainException.NotFound("Scheduled status");
}
