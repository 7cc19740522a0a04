using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Filters;

/// <summary>Adds a status to a person's filter, or takes it out again. Each change also touches the filter's row.</summary>
public sealed class ManageFilterStatuses(AppDbContext db, IdGenerator ids, TimeProvider time)
{
    public async Task<FilterStatus> AddAsync(long accountId, long filterId, long statusId, CancellationToken cancellationToken = default)
    {
        var filter = await db.Filters.FirstOrDefaultAsync(f => f.Id == filterId && f.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Filter");
        // Only a status the person can see: filtering must not reveal whether a hidden one exists.
        if (!await db.Statuses.Where(s => s.Id == statusId).VisibleTo(db, accountId).AnyAsync(cancellationToken))
        {
            throw DomainException.Invalid("Status not found", "status_id");
        }
        if (await db.FilterStatuses.AnyAsync(s => s.FilterId == filterId && s.StatusId == statusId, cancellationToken))
        {
            throw new DomainException(DomainErrorKind.Conflict, "Status is already in this filter", "status_id");
        }
        if (await db.FilterStatuses.CountAsync(s => s.FilterId == filterId, cancellationToken) >= FilterRules.MaxStatusesPerFilter)
        {
            throw DomainException.Invalid($"A filter can hold at most {FilterRules.MaxStatusesPerFilter} statuses", "status_id");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var added = new FilterStatus { Id = ids.Next(), FilterId = filterId, StatusId = statusId, CreatedAt = now };
        db.FilterStatuses.Add(added);
        filter.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    public async Task<FilterStatus> RemoveAsync(long accountId, long filterStatusId, CancellationToken cancellationToken = default)
    {
        var found = await db.FilterStatuses.FirstOrDefaultAsync(s => s.Id == filterStatusId, cancellationToken);
        var filter = found is null ? null : await db.Filters.FirstOrDefaultAsync(f => f.Id == found.FilterId && f.AccountId == accountId, cancellationToken);
        if (found is null || filter is null)
        {
            throw DomainException.NotFound("Filter status");
        }
        db.FilterStatuses.Remove(found);
        filter.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }
}
