using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Outbox;

/// <summary>
/// Decides which domain events other servers must hear of, and writes the activity into the same transaction as
/// the change, so it is sent exactly when the change happened.
/// </summary>
public sealed class OutboxEventHandlers(
    AppDbContext db,
    ActivityOutbox outbox,
    AccountKeys keys,
    InteractionActivityBuilder interactions,
    StatusActivityBuilder statuses,
    ActorActivityBuilder actors,
    LocalUrls urls,
    JobQueue jobs,
    TimeProvider time) :
    IDomainEventHandler<StatusCreated>,
    IDomainEventHandler<StatusEdited>,
    IDomainEventHandler<StatusDeleted>,
    IDomainEventHandler<StatusFavourited>,
    IDomainEventHandler<StatusUnfavourited>,
    IDomainEventHandler<FollowRequested>,
    IDomainEventHandler<AccountFollowed>,
    IDomainEventHandler<FollowRequestRejected>,
    IDomainEventHandler<FollowRequestWithdrawn>,
    IDomainEventHandler<AccountUnfollowed>,
    IDomainEventHandler<AccountBlocked>,
    IDomainEventHandler<AccountUnblocked>,
    IDomainEventHandler<AccountDeleted>,
    IDomainEventHandler<PollVoted>,
    IDomainEventHandler<StatusPinned>,
    IDomainEventHandler<StatusUnpinned>,
    IDomainEventHandler<ProfileUpdated>,
    IDomainEventHandler<AccountReported>,
    IDomainEventHandler<AccountMoved>
{
    public async Task HandleAsync(StatusCreated domainEvent, CancellationToken cancellationToken)
    {
        if (await IsLocalAsync(domainEvent.Status, cancellationToken))
        {
            jobs.Enqueue(new PublishStatusJob(domainEvent.Status.Id, domainEvent.Status.IsReblog ? StatusActivityKind.Announce : StatusActivityKind.Create));
        }
    }

    public async Task HandleAsync(StatusEdited domainEvent, CancellationToken cancellationToken)
    {
        if (await IsLocalAsync(domainEvent.Status, cancellationToken))
        {
            jobs.Enqueue(new PublishStatusJob(domainEvent.Status.Id, StatusActivityKind.Update));
        }
    }

    public Task HandleAsync(ProfileUpdated domainEvent, CancellationToken cancellationToken)
    {
        // A profile saved with new pictures raises this once per part; followers need to hear of it once.
        jobs.EnqueueOnce(new PublishProfileJob(domainEvent.Account.Id));
        return Task.CompletedTask;
    }

    /// <summary>A move goes to every server with a follower of the account, which moves them over.</summary>
    public async Task HandleAsync(AccountMoved domainEvent, CancellationToken cancellationToken) =>
        await PublishAsync(domainEvent.Account, actors.Move(domainEvent.Account, domainEvent.Target), new Audience(FollowersOf: domainEvent.Account.Id), cancellationToken);

    /// <summary>A report the reporter asked to forward goes to the reported account's server once it is stored.</summary>
    public Task HandleAsync(AccountReported domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.Forward)
        {
            jobs.Enqueue(new ForwardReportJob(domainEvent.Report.Id));
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Built now, while the status's mentions still exist to say who must hear of it; pending deliveries of the
    /// status itself are withdrawn, and its address will answer 410 Gone.
    /// </summary>
    public async Task HandleAsync(StatusDeleted domainEvent, CancellationToken cancellationToken)
    {
        var status = domainEvent.Status;
        var author = status.Account ?? await db.Accounts.FirstAsync(a => a.Id == status.AccountId, cancellationToken);
        if (!author.IsLocal)
        {
            return;
        }
        await WithdrawPendingAsync(status.Id, cancellationToken);
        var signer = await SignerAsync(author, cancellationToken);
        if (status.ReblogOfId is { } originalId)
        {
            var original = status.ReblogOf ?? await db.Statuses.AsNoTracking().FirstOrDefaultAsync(s => s.Id == originalId, cancellationToken);
            if (original is null)
            {
                return;
            }
            var originalAuthor = original.Account ?? await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == original.AccountId, cancellationToken);
            var undo = statuses.UndoAnnounce(Detached(status, author, original, originalAuthor));
            outbox.Publish(undo.Id!, ActivityStreamsJson.Serialize(undo), signer,
                new Audience(FollowersOf: author.Id, Accounts: originalAuthor.IsLocal ? null : [originalAuthor.Id]));
            return;
        }
        var mentioned = await db.Mentions.Where(m => m.StatusId == status.Id).Select(m => m.AccountId).ToListAsync(cancellationToken);
        if (status.InReplyToAccountId is { } parentAuthor)
        {
            mentioned.Add(parentAuthor);
        }
        var delete = statuses.Delete(Detached(status, author, null, null));
        outbox.Publish(delete.Id!, ActivityStreamsJson.Serialize(delete), signer,
            new Audience(FollowersOf: status.Visibility == Visibility.Direct ? null : author.Id, Accounts: mentioned));
        db.Tombstones.Add(new Data.Entities.Tombstone { Uri = urls.StatusUri(author.Username, status.Id), FormerType = "Note", DeletedAt = time.GetUtcNow().UtcDateTime });
    }

    public async Task HandleAsync(StatusFavourited domainEvent, CancellationToken cancellationToken)
    {
        var (actor, author) = await PairAsync(domainEvent.Favourite.AccountId, domainEvent.Status.AccountId, cancellationToken);
        if (actor.IsLocal && !author.IsLocal)
        {
            domainEvent.Status.Account ??= author;
            var like = interactions.Like(actor, domainEvent.Favourite, urls.StatusUri(domainEvent.Status));
            await PublishAsync(actor, like, new Audience(Accounts: [author.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(StatusUnfavourited domainEvent, CancellationToken cancellationToken)
    {
        var (actor, author) = await PairAsync(domainEvent.Favourite.AccountId, domainEvent.Status.AccountId, cancellationToken);
        if (actor.IsLocal && !author.IsLocal)
        {
            domainEvent.Status.Account ??= author;
            var undo = interactions.UndoLike(actor, domainEvent.Favourite, urls.StatusUri(domainEvent.Status));
            await PublishAsync(actor, undo, new Audience(Accounts: [author.Id]), cancellationToken);
        }
    }

    /// <summary>A local account asks to follow a remote one: the request keeps the Follow's id for the answer and any Undo.</summary>
    public async Task HandleAsync(FollowRequested domainEvent, CancellationToken cancellationToken)
    {
        var request = domainEvent.Request;
        var (follower, target) = await PairAsync(request.AccountId, request.TargetAccountId, cancellationToken);
        if (follower.IsLocal && !target.IsLocal)
        {
            request.Uri ??= interactions.FollowId(follower, request.Id);
            await PublishAsync(follower, interactions.Follow(follower, target, request.Uri), new Audience(Accounts: [target.Id]), cancellationToken);
        }
    }

    /// <summary>A remote account now follows a local one, at once or by the owner's approval: tell its server.</summary>
    public async Task HandleAsync(AccountFollowed domainEvent, CancellationToken cancellationToken)
    {
        var follow = domainEvent.Follow;
        var (follower, target) = await PairAsync(follow.AccountId, follow.TargetAccountId, cancellationToken);
        if (!follower.IsLocal && target.IsLocal)
        {
            await PublishAsync(target, interactions.Accept(target, follower, follow.Uri, follow.Id), new Audience(Accounts: [follower.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(FollowRequestRejected domainEvent, CancellationToken cancellationToken)
    {
        var request = domainEvent.Request;
        var (follower, target) = await PairAsync(request.AccountId, request.TargetAccountId, cancellationToken);
        if (!follower.IsLocal && target.IsLocal)
        {
            await PublishAsync(target, interactions.Reject(target, follower, request.Uri, request.Id), new Audience(Accounts: [follower.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(FollowRequestWithdrawn domainEvent, CancellationToken cancellationToken)
    {
        var request = domainEvent.Request;
        var (follower, target) = await PairAsync(request.AccountId, request.TargetAccountId, cancellationToken);
        if (follower.IsLocal && !target.IsLocal)
        {
            await PublishAsync(follower, interactions.UndoFollow(follower, target, request.Uri), new Audience(Accounts: [target.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(AccountUnfollowed domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.EndedByTarget)
        {
            return;
        }
        var (follower, target) = await PairAsync(domainEvent.AccountId, domainEvent.TargetAccountId, cancellationToken);
        if (follower.IsLocal && !target.IsLocal)
        {
            await PublishAsync(follower, interactions.UndoFollow(follower, target, domainEvent.FollowUri), new Audience(Accounts: [target.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(AccountBlocked domainEvent, CancellationToken cancellationToken)
    {
        var block = domainEvent.Block;
        var (actor, target) = await PairAsync(block.AccountId, block.TargetAccountId, cancellationToken);
        if (actor.IsLocal && !target.IsLocal)
        {
            await PublishAsync(actor, interactions.Block(actor, target, block), new Audience(Accounts: [target.Id]), cancellationToken);
        }
    }

    public async Task HandleAsync(AccountUnblocked domainEvent, CancellationToken cancellationToken)
    {
        var block = domainEvent.Block;
        var (actor, target) = await PairAsync(block.AccountId, block.TargetAccountId, cancellationToken);
        if (actor.IsLocal && !target.IsLocal)
        {
            await PublishAsync(actor, interactions.UndoBlock(actor, target, block), new Audience(Accounts: [target.Id]), cancellationToken);
        }
    }

    /// <summary>
    /// The farewell: every server that follows the account, is followed by it, or has a request pending either way hears that the actor is gone. The
    /// audience is listed now, and the key copied into the activity, because both vanish with the account.
    /// </summary>
    public async Task HandleAsync(AccountDeleted domainEvent, CancellationToken cancellationToken)
    {
        var account = domainEvent.Account;
        var related = db.Follows.Where(f => f.TargetAccountId == account.Id).Select(f => f.AccountId)
            .Concat(db.Follows.Where(f => f.AccountId == account.Id).Select(f => f.TargetAccountId))
            .Concat(db.FollowRequests.Where(r => r.AccountId == account.Id || r.TargetAccountId == account.Id)
                .Select(r => r.AccountId == account.Id ? r.TargetAccountId : r.AccountId));
        var inboxes = await db.Accounts.Where(a => a.Domain != null && related.Contains(a.Id))
            .Select(a => a.SharedInboxUrl ?? a.InboxUrl).Where(inbox => inbox != null).Select(inbox => inbox!)
            .Distinct().ToListAsync(cancellationToken);
        var delete = actors.Delete(account);
        outbox.Publish(delete.Id!, ActivityStreamsJson.Serialize(delete), await SignerAsync(account, cancellationToken), new Audience(Inboxes: inboxes));
        db.Tombstones.Add(new Data.Entities.Tombstone { Uri = urls.ActorUri(account), FormerType = account.Bot ? "Service" : "Person", DeletedAt = time.GetUtcNow().UtcDateTime });
    }

    /// <summary>A vote in a remote poll goes to the poll's author as Mastodon sends it: one Note per choice, named by the option.</summary>
    public async Task HandleAsync(PollVoted domainEvent, CancellationToken cancellationToken)
    {
        var poll = domainEvent.Poll;
        var (voter, author) = await PairAsync(domainEvent.VoterId, poll.AccountId, cancellationToken);
        if (!voter.IsLocal || author.IsLocal)
        {
            return;
        }
        var question = await db.Statuses.Include(s => s.Account).FirstAsync(s => s.Id == poll.StatusId, cancellationToken);
        var questionId = urls.StatusUri(question);
        var signer = await SignerAsync(voter, cancellationToken);
        foreach (var choice in domainEvent.Choices)
        {
            var create = interactions.Vote(voter, author, poll, choice, questionId);
            outbox.Publish(create.Id!, ActivityStreamsJson.Serialize(create), signer, new Audience(Accounts: [author.Id]));
        }
    }

    public Task HandleAsync(StatusPinned domainEvent, CancellationToken cancellationToken) =>
        PublishFeaturedChangeAsync(domainEvent.Pin, added: true, cancellationToken);

    public Task HandleAsync(StatusUnpinned domainEvent, CancellationToken cancellationToken) =>
        PublishFeaturedChangeAsync(domainEvent.Pin, added: false, cancellationToken);

    private async Task PublishFeaturedChangeAsync(StatusPin pin, bool added, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.FirstAsync(a => a.Id == pin.AccountId, cancellationToken);
        if (!account.IsLocal)
        {
            return;
        }
        var activity = interactions.FeaturedChange(account, pin, added);
        await PublishAsync(account, activity, new Audience(FollowersOf: account.Id), cancellationToken);
    }

    /// <summary>
    /// A copy of a deleted row for the builders, which read its author and what it boosted: setting navigations on
    /// the tracked row itself would make the change tracker take it for changed rather than deleted.
    /// </summary>
    private static Status Detached(Status status, Account author, Status? reblogOf, Account? reblogOfAuthor)
    {
        if (reblogOf is not null && reblogOfAuthor is not null)
        {
            reblogOf = new Status { Id = reblogOf.Id, AccountId = reblogOf.AccountId, Account = reblogOfAuthor, Uri = reblogOf.Uri, Visibility = reblogOf.Visibility };
        }
        return new Status
        {
            Id = status.Id,
            AccountId = status.AccountId,
            Account = author,
            ReblogOfId = status.ReblogOfId,
            ReblogOf = reblogOf,
            Visibility = status.Visibility,
            InReplyToAccountId = status.InReplyToAccountId,
            CreatedAt = status.CreatedAt,
        };
    }

    private async Task PublishAsync(Account actor, Activity activity, Audience audience, CancellationToken cancellationToken) =>
        outbox.Publish(activity.Id!, ActivityStreamsJson.Serialize(activity), await SignerAsync(actor, cancellationToken), audience);

    private async Task<Signer> SignerAsync(Account actor, CancellationToken cancellationToken)
    {
        var key = await keys.StageForLocalAccountAsync(actor, cancellationToken);
        return new Signer(key.KeyId, key.PrivateKeyPem!);
    }

    /// <summary>Deliveries not yet made of a status that no longer exists are dropped: nobody should receive it now.</summary>
    private async Task WithdrawPendingAsync(long statusId, CancellationToken cancellationToken)
    {
        await db.Deliveries.Where(d => d.StatusId == statusId).ExecuteDeleteAsync(cancellationToken);
        await db.OutboxActivities.Where(a => a.StatusId == statusId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the status is this server's to publish; its author, when loaded with it, answers without a query.</summary>
    private async Task<bool> IsLocalAsync(Status status, CancellationToken cancellationToken) =>
        status.Account is { } author ? author.IsLocal : await db.Accounts.AnyAsync(a => a.Id == status.AccountId && a.Domain == null, cancellationToken);

    private async Task<(Account First, Account Second)> PairAsync(long firstId, long secondId, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.Where(a => a.Id == firstId || a.Id == secondId).ToDictionaryAsync(a => a.Id, cancellationToken);
        return (accounts[firstId], accounts[secondId]);
    }
}
