using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Account = Starling.Server.Data.Entities.Account;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// The sender takes back a Follow (or follow request), a Like or emoji reaction, an Announce, or a Block. What is
/// undone is found by the id the sender gave it, or, for peers that send only a copy, by what it was about. Only the
/// sender's own activities are undone; undoing twice changes nothing more.
/// </summary>
public sealed class UndoHandler(
    AppDbContext db,
    InboxObjects objects,
    FollowAccount follows,
    FavouriteStatus favourites,
    DeleteStatus deletes,
    BlockAccount blocks,
    ILogger<UndoHandler> logger) : InboxHandler<Undo>(logger)
{
    protected override async Task HandleAsync(Undo activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        var undone = activity.Object;
        if (undone?.Object is Activity { Actor.Id: { } actor } && actor != sender.Uri)
        {
            Drop(activity, delivery, "only its own activities can be undone by an actor");
            return;
        }
        var id = undone?.Id;
        var handled = undone?.Object switch
        {
            Follow follow => await UndoFollowAsync(sender, id, follow, cancellationToken),
            Activity reaction when reaction is Like or EmojiReact => await UndoFavouriteAsync(sender, id, reaction, cancellationToken),
            Announce announce => await UndoAnnounceAsync(sender, id, announce, cancellationToken),
            Block block => await UndoBlockAsync(sender, id, block, cancellationToken),
            null when id is not null => await UndoFollowAsync(sender, id, null, cancellationToken)
                || await UndoFavouriteAsync(sender, id, null, cancellationToken)
                || await UndoAnnounceAsync(sender, id, null, cancellationToken)
                || await UndoBlockAsync(sender, id, null, cancellationToken),
            _ => false,
        };
        if (!handled)
        {
            Drop(activity, delivery, "it undoes nothing known here");
        }
    }

    private async Task<bool> UndoFollowAsync(Account sender, string? id, Follow? copy, CancellationToken cancellationToken)
    {
        var targetId = id is null ? null
            : await db.Follows.Where(f => f.AccountId == sender.Id && f.Uri == id).Select(f => (long?)f.TargetAccountId).FirstOrDefaultAsync(cancellationToken)
              ?? await db.FollowRequests.Where(r => r.AccountId == sender.Id && r.Uri == id).Select(r => (long?)r.TargetAccountId).FirstOrDefaultAsync(cancellationToken);
        targetId ??= copy is null ? null : (await objects.LocalAccountAsync(copy.Object?.Id, cancellationToken))?.Id;
        if (targetId is not { } target)
        {
            return false;
        }
        await follows.UnfollowAsync(sender.Id, target, cancellationToken);
        return true;
    }

    private async Task<bool> UndoFavouriteAsync(Account sender, string? id, Activity? copy, CancellationToken cancellationToken)
    {
        var statusId = id is null ? null
            : await db.Favourites.Where(f => f.AccountId == sender.Id && f.Uri == id).Select(f => (long?)f.StatusId).FirstOrDefaultAsync(cancellationToken);
        statusId ??= copy is null ? null : (await objects.KnownStatusAsync(copy.Object?.Id, cancellationToken))?.Id;
        if (statusId is not { } status)
        {
            return false;
        }
        await favourites.UnfavouriteAsync(sender.Id, status, cancellationToken);
        return true;
    }

    private async Task<bool> UndoAnnounceAsync(Account sender, string? id, Announce? copy, CancellationToken cancellationToken)
    {
        var reblogId = id is null ? null
            : await db.Statuses.Where(s => s.AccountId == sender.Id && s.ReblogOfId != null && s.Uri == id).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (reblogId is null && copy is not null && await objects.KnownStatusAsync(copy.Object?.Id, cancellationToken) is { } original)
        {
            reblogId = await db.Statuses.Where(s => s.AccountId == sender.Id && s.ReblogOfId == original.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        }
        if (reblogId is not { } reblog)
        {
            return false;
        }
        await deletes.DeleteAsync(sender.Id, reblog, cancellationToken: cancellationToken);
        return true;
    }

    private async Task<bool> UndoBlockAsync(Account sender, string? id, Block? copy, CancellationToken cancellationToken)
    {
        var targetId = id is null ? null
            : await db.Blocks.Where(b => b.AccountId == sender.Id && b.Uri == id).Select(b => (long?)b.TargetAccountId).FirstOrDefaultAsync(cancellationToken);
        targetId ??= copy is null ? null : (await objects.LocalAccountAsync(copy.Object?.Id, cancellationToken))?.Id;
        if (targetId is not { } target)
        {
            return false;
        }
        await blocks.UnblockAsync(sender.Id, target, cancellationToken);
        return true;
    }
}
