using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>Boosts and unboosts. Followers-only posts can be boosted by their author alone, direct ones never.</summary>
public sealed class ReblogStatus(AppDbContext db, StatusAccess access, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public async Task<Status> ReblogAsync(long actorId, long statusId, Visibility visibility = Visibility.Public, CancellationToken cancellationToken = default)
    {
        var original = await access.FindVisibleAsync(statusId, actorId, cancellationToken, track: true);
        if (original.ReblogOfId is { } boostedId)
        {
            original = await access.FindVisibleAsync(boostedId, actorId, cancellationToken, track: true);
        }
        if (original.Visibility == Visibility.Direct || (original.Visibility == Visibility.Private && original.AccountId != actorId))
        {
            throw DomainException.Forbidden("This post's audience is limited, so it cannot be boosted.");
        }
        var existing = await db.Statuses.FirstOrDefaultAsync(s => s.AccountId == actorId && s.ReblogOfId == original.Id, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var actor = await db.Accounts.FirstAsync(a => a.Id == actorId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var reblog = new Status
        {
            Id = ids.Next(),
            AccountId = actorId,
            Account = actor,
            ReblogOfId = original.Id,
            ReblogOf = original,
            // A boost is never wider than what it boosts.
            Visibility = (Visibility)Math.Max((int)visibility, (int)original.Visibility),
            ConversationId = original.ConversationId,
            CreatedAt = now,
        };
        db.Statuses.Add(reblog);
        original.ReblogsCount++;
        events.Raise(new StatusCreated(reblog));
        events.Raise(new StatusReblogged(reblog, original));
        await db.SaveChangesAsync(cancellationToken);
        return reblog;
    }

    /// <summary>
    /// A boost another server announced. The same rule as for local boosts applies (followers-only posts by their
    /// author alone, direct ones never), but not the visibility check: the booster's server already decided that it
    /// saw the post. Receiving the same boost twice stores it once.
    /// </summary>
    /// <param name="activityUri">The Announce activity's id, by which its Undo or Delete will name it.</param>
    /// <param name="visibility">Who the Announce was addressed to; a boost is never wider than what it boosts.</param>
    public async Task<Status> ReceiveRemoteAsync(long actorId, long statusId, string activityUri, Visibility visibility, CancellationToken cancellationToken = default)
    {
        var actor = await db.Accounts.FirstOrDefaultAsync(a => a.Id == actorId, cancellationToken) ?? throw DomainException.NotFound("Account");
        if (actor.IsLocal || actor.IsSuspended)
        {
            throw DomainException.Forbidden("Only a remote account in good standing announces boosts from its server.");
        }
        var original = await db.Statuses.Include(s => s.Account).FirstOrDefaultAsync(s => s.Id == statusId, cancellationToken)
            ?? throw DomainException.NotFound("Status");
        if (original.ReblogOfId is { } boostedId)
        {
            original = await db.Statuses.Include(s => s.Account).FirstAsync(s => s.Id == boostedId, cancellationToken);
        }
        if (original.Visibility == Visibility.Direct || (original.Visibility == Visibility.Private && original.AccountId != actorId))
        {
            throw DomainException.Forbidden("This post's audience is limited, so it cannot be boosted.");
        }
        var existing = await db.Statuses.FirstOrDefaultAsync(s => (s.AccountId == actorId && s.ReblogOfId == original.Id) || s.Uri == activityUri, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var reblog = new Status
        {
            Id = ids.Next(),
            AccountId = actorId,
            Account = actor,
            ReblogOfId = original.Id,
            ReblogOf = original,
            Uri = activityUri,
            Visibility = (Visibility)Math.Max((int)visibility, (int)original.Visibility),
            ConversationId = original.ConversationId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Statuses.Add(reblog);
        original.ReblogsCount++;
        events.Raise(new StatusCreated(reblog));
        events.Raise(new StatusReblogged(reblog, original));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same Announce processed twice at once: the other one stored it.
            db.ChangeTracker.Clear();
            return await db.Statuses.FirstOrDefaultAsync(s => s.Uri == activityUri, cancellationToken)
                ?? throw new InvalidOperationException($"The boost {activityUri} could not be stored.");
        }
        return reblog;
    }

    /// <summary>Removes the actor's boost of the status; returns the original.</summary>
    public async Task<Status> UnreblogAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var original = await access.FindVisibleAsync(statusId, actorId, cancellationToken, track: true);
        if (original.ReblogOfId is { } boostedId)
        {
            original = await access.FindVisibleAsync(boostedId, actorId, cancellationToken, track: true);
        }
        var reblog = await db.Statuses.FirstOrDefaultAsync(s => s.AccountId == actorId && s.ReblogOfId == original.Id, cancellationToken);
        if (reblog is not null)
        {
            db.Statuses.Remove(reblog);
            original.ReblogsCount = Math.Max(0, original.ReblogsCount - 1);
            events.Raise(new StatusDeleted(reblog));
            await db.SaveChangesAsync(cancellationToken);
        }
        return original;
    }
}
