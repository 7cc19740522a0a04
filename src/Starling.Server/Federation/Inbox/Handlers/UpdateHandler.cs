using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// An edited post, or a changed profile. Only the author edits a post, and only known posts are edited (as on
/// Mastodon, an edit of a post never received is not a reason to store it); only an actor updates itself.
/// </summary>
public sealed class UpdateHandler(
    InboxObjects objects,
    IRemoteAccountResolver accounts,
    RemoteStatusResolver statuses,
    NoteMapper mapper,
    ReceiveRemoteStatus receive,
    ILogger<UpdateHandler> logger) : InboxHandler<Update>(logger)
{
    protected override async Task HandleAsync(Update activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        var updated = await objects.VouchedAsync(activity.Object, sender, cancellationToken);
        switch (updated)
        {
            case null:
                Drop(activity, delivery, "its object could not be had from its origin");
                return;
            case Actor actor when actor.Id == sender.Uri:
                await accounts.UpsertAsync(actor, cancellationToken);
                return;
            case Actor:
                Drop(activity, delivery, "an actor is updated only by itself");
                return;
            case var post when NoteMapper.IsPost(post):
                if (post.AttributedTo?.Id != sender.Uri)
                {
                    Drop(activity, delivery, "the post is attributed to someone else");
                    return;
                }
                if (await receive.FindAsync(post.Id!, cancellationToken) is null)
                {
                    Drop(activity, delivery, "the post is not known here");
                    return;
                }
                await receive.UpdateAsync(await mapper.MapAsync(post, sender, statuses, activity, cancellationToken), cancellationToken);
                return;
            default:
                Drop(activity, delivery, $"updates of a {updated.Type} are not kept");
                return;
        }
    }
}
