using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>A remote account accepted a local account's Follow: the request becomes a follow.</summary>
public sealed class AcceptHandler(AppDbContext db, InboxObjects objects, AnswerFollowRequest answers, ILogger<AcceptHandler> logger)
    : InboxHandler<Accept>(logger)
{
    protected override async Task HandleAsync(Accept activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Object?.Object is { } embedded and not Follow)
        {
            Drop(activity, delivery, $"an Accept of a {embedded.Type} means nothing here");
            return;
        }
        if (await objects.AnsweredFollowerAsync(activity.Object, sender, cancellationToken) is not { } followerId)
        {
            Drop(activity, delivery, "it answers no follow of ours");
            return;
        }
        // Accepted before (a retried delivery): the follow stands.
        if (await db.FollowRequests.AnyAsync(r => r.AccountId == followerId && r.TargetAccountId == sender.Id, cancellationToken))
        {
            await answers.AuthorizeAsync(ownerId: sender.Id, requesterId: followerId, cancellationToken);
        }
    }
}
