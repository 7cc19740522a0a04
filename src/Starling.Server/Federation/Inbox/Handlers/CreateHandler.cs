using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Polls;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;
using Account = Starling.Server.Data.Entities.Account;
using Mention = Starling.ActivityPub.Vocabulary.Mention;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A new post (Note, Question, Article, Page), or a vote on a local poll sent as Mastodon sends one. The post must be
/// the sender's own; one that claims to live on another server is fetched from there first. As on Mastodon, a post
/// that concerns nobody here (no local follower of its author, no local account addressed, not a reply to a post
/// followed here) is not stored.
/// </summary>
public sealed class CreateHandler(
    AppDbContext db,
    InboxObjects objects,
    LocalObjects local,
    RemoteStatusResolver statuses,
    VotePoll votes,
    ILogger<CreateHandler> logger) : InboxHandler<Create>(logger)
{
    protected override async Task HandleAsync(Create activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        var post = await objects.VouchedAsync(activity.Object, sender, cancellationToken);
        if (post is null)
        {
            Drop(activity, delivery, "its object could not be had from its origin");
            return;
        }
        if (!NoteMapper.IsPost(post))
        {
            Drop(activity, delivery, $"a {post.Type} is not a post");
            return;
        }
        if (post.AttributedTo?.Id != sender.Uri)
        {
            Drop(activity, delivery, "the post is attributed to someone else");
            return;
        }
        if (await VoteAsync(post, sender, cancellationToken))
        {
            return;
        }
        if (!await ConcernsSomeoneHereAsync(post, activity, delivery, cancellationToken))
        {
            Drop(activity, delivery, "it concerns nobody here");
            return;
        }
        // Storing a post that is here already changes nothing, so the common case (a new post) is not asked twice.
        if (await statuses.StoreAsync(post, sender, activity, cancellationToken) is null)
        {
            Drop(activity, delivery, "the post could not be stored");
        }
    }

    /// <summary>Mastodon sends a vote as a Note named after the chosen option, in reply to the poll, to the poll's author.</summary>
    private async Task<bool> VoteAsync(ActivityObject post, Account sender, CancellationToken cancellationToken)
    {
        if (post is not Note { Name: { Length: > 0 } option } || post.InReplyTo?.Id is not { } pollUri || !local.IsLocal(pollUri)
            || await local.FindStatusAsync(pollUri, cancellationToken) is not { } pollStatus)
        {
            return false;
        }
        var poll = await db.Polls.AsNoTracking().FirstOrDefaultAsync(p => p.StatusId == pollStatus.Id, cancellationToken);
        var choice = poll?.Options.IndexOf(option) ?? -1;
        if (poll is null || choice < 0)
        {
            return false;
        }
        await votes.ReceiveRemoteVoteAsync(sender.Id, poll.Id, choice, cancellationToken);
        return true;
    }

    private async Task<bool> ConcernsSomeoneHereAsync(ActivityObject post, Activity activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.RecipientUsername is not null || await objects.HasLocalFollowersAsync(delivery.Sender.Id, cancellationToken))
        {
            return true;
        }
        var named = post.To.Concat(post.Cc).Concat(activity.To).Concat(activity.Cc).Select(r => r.Id)
            .Concat(post.Tag.OfType<Mention>().Select(m => m.Href))
            .Where(local.IsLocal).Distinct().Take(NoteMapper.MaxMentions);
        foreach (var uri in named)
        {
            if (await local.FindAccountAsync(uri, cancellationToken) is not null)
            {
                return true;
            }
        }
        return await objects.KnownStatusAsync(post.InReplyTo?.Id, cancellationToken) is { } parent
            && (parent.Account.IsLocal || await objects.HasLocalFollowersAsync(parent.AccountId, cancellationToken));
    }
}
