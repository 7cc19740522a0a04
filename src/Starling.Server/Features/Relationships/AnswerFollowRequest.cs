using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Relationships;

/// <summary>The owner of a locked account approves or rejects someone's request to follow.</summary>
public sealed class AnswerFollowRequest(AppDbContext db, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public async Task AuthorizeAsync(long ownerId, long requesterId, CancellationToken cancellationToken = default)
    {
        var request = await FindAsync(ownerId, requesterId, cancellationToken);
        db.FollowRequests.Remove(request);
        if (!await db.Follows.AnyAsync(f => f.AccountId == requesterId && f.TargetAccountId == ownerId, cancellationToken))
        {
            var follow = new Follow
            {
                Id = ids.Next(),
                AccountId = requesterId,
                TargetAccountId = ownerId,
                ShowReblogs = request.ShowReblogs,
                Notify = request.Notify,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Follows.Add(follow);
            var pair = await db.Accounts.Where(a => a.Id == ownerId || a.Id == requesterId).ToListAsync(cancellationToken);
            pair.First(a => a.Id == requesterId).FollowingCount++;
            pair.First(a => a.Id == ownerId).FollowersCount++;
            events.Raise(new AccountFollowed(follow, ByApproval: true));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RejectAsync(long ownerId, long requesterId, CancellationToken cancellationToken = default)
    {
        db.FollowRequests.Remove(await FindAsync(ownerId, requesterId, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<FollowRequest> FindAsync(long ownerId, long requesterId, CancellationToken cancellationToken) =>
        await db.FollowRequests.FirstOrDefaultAsync(r => r.TargetAccountId == ownerId && r.AccountId == requesterId, cancellationToken)
        ?? throw DomainException.NotFound("Follow request");
}
