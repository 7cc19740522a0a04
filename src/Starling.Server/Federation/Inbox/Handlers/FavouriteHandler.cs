using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A Like, or an emoji reaction (Misskey's Like with content, Pleroma's EmojiReact), kept as a favourite of a local
/// post, as Mastodon keeps them: counted, notified, and named by the activity's id so its Undo finds it.
/// </summary>
public abstract class FavouriteHandler<TActivity>(InboxObjects objects, FavouriteStatus favourites, ILogger logger)
    : InboxHandler<TActivity>(logger) where TActivity : Activity
{
    protected override async Task HandleAsync(TActivity activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (activity.Id is not { } id)
        {
            Drop(activity, delivery, "it has no id for its Undo to name");
            return;
        }
        if (await objects.KnownStatusAsync(activity.Object?.Id, cancellationToken) is not { Account.IsLocal: true } status)
        {
            Drop(activity, delivery, "it is not of a post of this server");
            return;
        }
        await favourites.FavouriteAsync(delivery.Sender.Id, status.Id, id, cancellationToken);
    }
}
