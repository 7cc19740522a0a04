using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A boost. The boosted post is fetched from its origin when it is not known here (a copy embedded by a server that is
/// not its origin is not believed). As on Mastodon, a boost is kept when someone here follows the booster or the
/// boosted post is local; its audience comes from the Announce's own addressing.
/// </summary>
public sealed class AnnounceHandler(
    InboxObjects objects,
    RemoteStatusResolver statuses,
    ReblogStatus reblogs,
    ILogger<AnnounceHandler> logger) : InboxHandler<Announce>(logger)
{
    protected override async Task HandleAsync(Announce activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Id is not { } announceId || activity.Object?.Id is not { } objectId)
        {
            Drop(activity, delivery, "an Announce needs an id and an object");
            return;
        }
        var original = await objects.KnownStatusAsync(objectId, cancellationToken);
        if (original?.Account.IsLocal != true && !await objects.HasLocalFollowersAsync(sender.Id, cancellationToken))
        {
            Drop(activity, delivery, "nobody here follows the booster");
            return;
        }
        if (original is null)
        {
            original = activity.Object.Object is { } embedded && NoteMapper.IsPost(embedded) && Hosts.Same(objectId, sender.Uri)
                ? await statuses.StoreAsync(embedded, author: null, envelope: null, cancellationToken)
                : await statuses.ResolveAsync(objectId, cancellationToken);
        }
        if (original is null)
        {
            Drop(activity, delivery, "the boosted post could not be had from its origin");
            return;
        }
        await reblogs.ReceiveRemoteAsync(sender.Id, original.Id, announceId, NoteMapper.VisibilityOf(activity, sender), cancellationToken);
    }
}
