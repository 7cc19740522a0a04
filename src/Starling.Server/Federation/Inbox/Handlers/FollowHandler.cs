using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// Someone elsewhere follows a local account: a locked one gets a request and a notification; otherwise the follow
/// starts, and the Accept goes out through the outbox as the follow is stored. A block between them is answered
/// with a Reject.
/// </summary>
public sealed class FollowHandler(InboxObjects objects, FollowAccount follows, ILogger<FollowHandler> logger) : InboxHandler<Follow>(logger)
{
    protected override async Task HandleAsync(Follow activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (activity.Id is not { } followId)
        {
            Drop(activity, delivery, "a Follow without an id cannot be answered");
            return;
        }
        if (await objects.LocalAccountAsync(activity.Object?.Id, cancellationToken) is not { } target)
        {
            Drop(activity, delivery, "it is not of a local account");
            return;
        }
        try
        {
            await follows.FollowAsync(delivery.Sender.Id, target.Id, followId, cancellationToken);
        }
        catch (DbUpdateException)
        {
            Drop(activity, delivery, "its id already names another follow");
        }
    }
}
