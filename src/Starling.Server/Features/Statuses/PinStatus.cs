using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>Pins one's own public, unlisted or followers-only status to the profile, at most five, as on Mastodon.</summary>
public sealed class PinStatus(AppDbContext db, StatusAccess access, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public const int MaxPins = 5;

    public async Task<Status> PinAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await access.FindOwnAsync(statusId, actorId, cancellationToken);
        if (status.IsReblog || status.Visibility == Visibility.Direct)
        {
            throw DomainException.Invalid("Only your own posts that are not direct messages can be pinned.");
        }
        if (await db.StatusPins.AnyAsync(p => p.AccountId == actorId && p.StatusId == status.Id, cancellationToken))
        {
            return status;
        }
        if (await db.StatusPins.CountAsync(p => p.AccountId == actorId, cancellationToken) >= MaxPins)
        {
            throw DomainException.Invalid($"You can pin at most {MaxPins} posts.");
        }
        var pin = new StatusPin { Id = ids.Next(), AccountId = actorId, StatusId = status.Id, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.StatusPins.Add(pin);
        events.Raise(new StatusPinned(pin));
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    public async Task<Status> UnpinAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await access.FindOwnAsync(statusId, actorId, cancellationToken);
        var pin = await db.StatusPins.FirstOrDefaultAsync(p => p.AccountId == actorId && p.StatusId == status.Id, cancellationToken);
        if (pin is not null)
        {
            db.StatusPins.Remove(pin);
            events.Raise(new StatusUnpinned(pin));
            await db.SaveChangesAsync(cancellationToken);
        }
        return status;
    }

    /// <summary>
    /// A remote account featured one of its posts on its profile (an Add to its featured collection). Its own server
    /// keeps the limit, so none is applied here; nothing is announced, since the news came from there.
    /// </summary>
    public async Task PinRemoteAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await OwnRemoteAsync(actorId, statusId, cancellationToken);
        if (await db.StatusPins.AnyAsync(p => p.AccountId == actorId && p.StatusId == status.Id, cancellationToken))
        {
            return;
        }
        db.StatusPins.Add(new StatusPin { Id = ids.Next(), AccountId = actorId, StatusId = status.Id, CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same Add processed twice at once: the other one stored it.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A remote account took a post off its profile (a Remove from its featured collection).</summary>
    public async Task UnpinRemoteAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await OwnRemoteAsync(actorId, statusId, cancellationToken);
        var pin = await db.StatusPins.FirstOrDefaultAsync(p => p.AccountId == actorId && p.StatusId == status.Id, cancellationToken);
        if (pin is not null)
        {
            db.StatusPins.Remove(pin);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<Status> OwnRemoteAsync(long actorId, long statusId, CancellationToken cancellationToken) =>
        await db.Statuses.Include(s => s.Account)
            .FirstOrDefaultAsync(s => s.Id == statusId && s.AccountId == actorId && s.Account.Domain != null && s.ReblogOfId == null
                && s.Visibility != Visibility.Direct, cancellationToken)
        ?? throw DomainException.NotFound("Status");
}
