using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A deleted post (or boost), by its author only; or a deleted account, by itself only: everything stored of it goes.
/// A Delete of a post not received (yet) is remembered, so the post is not stored if it arrives after all.
/// </summary>
public sealed class DeleteHandler(
    AppDbContext db,
    ReceiveRemoteStatus statuses,
    DeleteRemoteAccount accounts,
    ILogger<DeleteHandler> logger) : InboxHandler<Delete>(logger)
{
    protected override async Task HandleAsync(Delete activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Object?.Id is not { } id)
        {
            Drop(activity, delivery, "it names nothing");
            return;
        }
        if (id == sender.Uri)
        {
            await accounts.DeleteAsync(sender.Id, cancellationToken);
            return;
        }
        if (await db.Accounts.AnyAsync(a => a.Uri == id, cancellationToken))
        {
            Drop(activity, delivery, "an account is deleted only by itself");
            return;
        }
        if (!Hosts.Same(id, sender.Uri))
        {
            Drop(activity, delivery, "it names something on another server");
            return;
        }
        await statuses.DeleteAsync(sender.Id, id, cancellationToken);
    }
}
