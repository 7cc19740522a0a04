using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A remote account turned down a local account's Follow: a pending request goes; a follow it had accepted ends too,
/// as Mastodon ends it (that is how a follower is removed there).
/// </summary>
public sealed class RejectHandler(AppDbContext db, InboxObjects objects, AnswerFollowRequest answers, FollowAccount follows, ILogger<RejectHandler> logger)
    : InboxHandler<Reject>(logger)
{
    protected override async Task HandleAsync(Reject activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Object?.Object is { } embedded and not Follow)
        {
            Drop(activity, delivery, $"a Reject of a {embedded.Type} means nothing here");
            return;
        }
        if (await objects.AnsweredFollowerAsync(activity.Object, sender, cancellationToken) is not { } followerId)
        {
            Drop(activity, delivery, "it answers no follow of ours");
            return;
        }
        if (await db.FollowRequests.AnyAsync(r => r.AccountId == followerId && r.TargetAccountId == sender.Id, cancellationToken))
        {
            await answers.RejectAsync(ownerId: sender.Id, requesterId: followerId, cancellationToken);
        }
        else
        {
            await follows.EndRejectedAsync(followerId, sender.Id, cancellationToken);
        }
    }
}
