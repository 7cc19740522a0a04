using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>Favourites and unfavourites; both are idempotent, as Mastodon's endpoints are.</summary>
public sealed class FavouriteStatus(AppDbContext db, StatusAccess access, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public Task<Status> FavouriteAsync(long actorId, long statusId, CancellationToken cancellationToken = default) =>
        FavouriteAsync(actorId, statusId, activityUri: null, cancellationToken);

    /// <param name="activityUri">The id of the Like that brought a remote account's favourite, so its Undo can name it.</param>
    public async Task<Status> FavouriteAsync(long actorId, long statusId, string? activityUri, CancellationToken cancellationToken = default)
    {
        var status = await ContentOf(await access.FindVisibleAsync(statusId, actorId, cancellationToken, track: true), actorId, cancellationToken);
        if (!await db.Favourites.AnyAsync(f => f.AccountId == actorId && f.StatusId == status.Id, cancellationToken))
        {
            var favourite = new Favourite { Id = ids.Next(), Uri = activityUri, AccountId = actorId, StatusId = status.Id, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Favourites.Add(favourite);
            status.FavouritesCount++;
            events.Raise(new StatusFavourited(favourite, status));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (activityUri is not null)
            {
                // The same Like processed twice at once: the other one counted it.
                db.ChangeTracker.Clear();
            }
        }
        return status;
    }

    public async Task<Status> UnfavouriteAsync(long actorId, long statusId, CancellationToken cancellationToken = default)
    {
        var status = await ContentOf(await access.FindVisibleAsync(statusId, actorId, cancellationToken, track: true), actorId, cancellationToken);
        var favourite = await db.Favourites.FirstOrDefaultAsync(f => f.AccountId == actorId && f.StatusId == status.Id, cancellationToken);
        if (favourite is not null)
        {
            db.Favourites.Remove(favourite);
            status.FavouritesCount = Math.Max(0, status.FavouritesCount - 1);
            events.Raise(new StatusUnfavourited(favourite, status));
            await db.SaveChangesAsync(cancellationToken);
        }
        return status;
    }

    /// <summary>Acting on a boost acts on the boosted status.</summary>
    private Task<Status> ContentOf(Status status, long actorId, CancellationToken cancellationToken) =>
        status.ReblogOfId is { } originalId ? access.FindVisibleAsync(originalId, actorId, cancellationToken, track: true) : Task.FromResult(status);
}
