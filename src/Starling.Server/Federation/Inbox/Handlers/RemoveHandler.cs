using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>A remote account unpinned one of its posts (removed it from its featured collection).</summary>
public sealed class RemoveHandler(FeaturedCollection featured, PinStatus pins, ILogger<RemoveHandler> logger) : InboxHandler<Remove>(logger)
{
    protected override async Task HandleAsync(Remove activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var (status, refusal) = await featured.PostAsync(activity, delivery.Sender, fetch: false, cancellationToken);
        if (status is null)
        {
            Drop(activity, delivery, refusal!);
            return;
        }
        await pins.UnpinRemoteAsync(delivery.Sender.Id, status.Id, cancellationToken);
    }
}
