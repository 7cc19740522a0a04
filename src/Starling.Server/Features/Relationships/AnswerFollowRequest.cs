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
        await AcceptAsync([request], ownerId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RejectAsync(long ownerId, long requesterId, CancellationToken cancellationToken = default)
    {
        var request = await FindAsync(ownerId, requesterId, cancellationToken);
        db.FollowRequests.Remove(request);
        events.Raise(new FollowRequestRejected(request));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stages acceptance of every pending request (an account that stops being locked); the caller saves.</summary>
    public async Task AcceptAllPendingAsync(long ownerId, CancellationToken cancellationToken = default)
    {
        var requests = await db.FollowRequests.Where(r => r.TargetAccountId == ownerId).ToListAsync(cancellationToken);
        await AcceptAsync(requests, ownerId, cancellationToken);
    }

    private async Task AcceptAsync(IReadOnlyList<FollowRequest> requests, long ownerId, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return;
        }
        var requesterIds = requests.Select(r => r.AccountId).ToList();
        var alreadyFollowing = (await db.Follows.Where(f => f.TargetAccountId == ownerId && requesterIds.Contains(f.AccountId))
            .Select(f => f.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        var accounts = await db.Accounts.Where(a => a.Id == ownerId || requesterIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var request in requests)
        {
            db.FollowRequests.Remove(request);
            if (alreadyFollowing.Contains(request.AccountId))
            {
                continue;
            }
            var follow = new Follow
            {
                Id = ids.Next(),
                AccountId = request.AccountId,
                TargetAccountId = ownerId,
                ShowReblogs = request.ShowReblogs,
                Notify = request.Notify,
                Uri = request.Uri,
                CreatedAt = now,
            };
            db.Follows.Add(follow);
            accounts[request.AccountId].FollowingCount++;
            accounts[ownerId].FollowersCount++;
            events.Raise(new AccountFollowed(follow, ByApproval: true));
        }
    }

    private async Task<FollowRequest> FindAsync(long ownerId, long requesterId, CancellationToken cancellationToken) =>
        await db.FollowRequests.FirstOrDefaultAsync(r => r.TargetAccountId == ownerId && r.AccountId == requesterId, cancellationToken)
        ?? throw DomainException.NotFound("Follow request");
}
