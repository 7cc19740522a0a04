using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Relationships;

/// <summary>Loads the other side of a relationship action and refuses acting on oneself or a suspended account.</summary>
public sealed class RelationshipGuard(AppDbContext db)
{
    public async Task<(Account Actor, Account Target)> LoadPairAsync(long actorId, long targetId, string verb, CancellationToken cancellationToken)
    {
        if (actorId == targetId)
        {
            throw DomainException.Invalid($"You cannot {verb} yourself.");
        }
        var pair = await db.Accounts.Where(a => a.Id == actorId || a.Id == targetId).ToListAsync(cancellationToken);
        var actor = pair.FirstOrDefault(a => a.Id == actorId) ?? throw DomainException.NotFound("Account");
        var target = pair.FirstOrDefault(a => a.Id == targetId && !a.IsSuspended) ?? throw DomainException.NotFound("Account");
        return (actor, target);
    }

    public Task<bool> BlockedEitherWayAsync(long a, long b, CancellationToken cancellationToken) =>
        db.Blocks.AnyAsync(x => (x.AccountId == a && x.TargetAccountId == b) || (x.AccountId == b && x.TargetAccountId == a), cancellationToken);
}
