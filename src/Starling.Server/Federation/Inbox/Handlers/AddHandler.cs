using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>A remote account pinned one of its posts (added it to its featured collection): kept, so its profile here shows it pinned.</summary>
public sealed class AddHandler(FeaturedCollection featured, PinStatus pins, ILogger<AddHandler> logger) : InboxHandler<Add>(logger)
{
    protected override async Task HandleAsync(Add activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var (status, refusal) = await featured.PostAsync(activity, delivery.Sender, fetch: true, cancellationToken);
        if (status is null)
        {
            Drop(activity, delivery, refusal!);
            return;
        }
        await pins.PinRemoteAsync(delivery.Sender.Id, status.Id, cancellationToken);
    }
}
