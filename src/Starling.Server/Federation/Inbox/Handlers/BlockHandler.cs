using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>A remote account blocks a local one: follows both ways end, and each is hidden from the other.</summary>
public sealed class BlockHandler(InboxObjects objects, BlockAccount blocks, ILogger<BlockHandler> logger) : InboxHandler<Block>(logger)
{
    protected override async Task HandleAsync(Block activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (await objects.LocalAccountAsync(activity.Object?.Id, cancellationToken) is not { } target)
        {
            Drop(activity, delivery, "it is not of a local account");
            return;
        }
        try
        {
            await blocks.BlockAsync(delivery.Sender.Id, target.Id, activity.Id, cancellationToken);
        }
        catch (DbUpdateException)
        {
            Drop(activity, delivery, "its id already names another block");
        }
    }
}
