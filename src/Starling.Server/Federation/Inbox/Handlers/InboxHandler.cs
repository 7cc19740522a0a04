using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Common;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// The shape every handler shares: the activity arrives as its own type, and what a use case refuses (a post hidden
/// from the sender, a follow across a block) or the handler will not believe is dropped with a line in the log rather
/// than retried, since it would be refused again.
/// </summary>
public abstract class InboxHandler<TActivity>(ILogger logger) : IInboxHandler where TActivity : Activity
{
    public async Task HandleAsync(Activity activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (activity is not TActivity typed)
        {
            Drop(activity, delivery, $"expected {typeof(TActivity).Name}");
            return;
        }
        try
        {
            await HandleAsync(typed, delivery, cancellationToken);
        }
        catch (DomainException refused)
        {
            Drop(activity, delivery, refused.Message);
        }
    }

    protected abstract Task HandleAsync(TActivity activity, InboxDelivery delivery, CancellationToken cancellationToken);

    protected void Drop(Activity activity, InboxDelivery delivery, string reason) =>
        logger.LogInformation("Dropped {Type} {Id} from {Sender}: {Reason}", activity.Type, activity.Id, delivery.Sender.Uri, reason);
}
