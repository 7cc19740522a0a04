using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Conversations;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// Decides who hears about one committed change and renders it for each of them. Who may see what is asked of the
/// timelines' own rules (<see cref="LiveTimelines"/>), once per reader, and each reader gets the entity rendered for them
/// (their favourite, boost and bookmark flags, and their filters' matches), as a reload of the timeline would show it.
/// </summary>
public sealed class StreamEventRouter(
    StreamingHub hub,
    LiveTimelines live,
    StatusLoader loader,
    StatusPresenter statuses,
    ConversationQueries conversations,
    ConversationRenderer conversationRenderer,
    NotificationQueries notifications,
    NotificationRenderer notificationRenderer,
    OpenIddictValidationService validation)
{
    public Task RouteAsync(StreamingChange change, CancellationToken cancellationToken) => change switch
    {
        HomeFeedGrew grew => HomeAsync(grew, cancellationToken),
        StatusPosted posted => StatusAsync(posted.StatusId, StreamEvent.Update, cancellationToken),
        StatusRevised revised => StatusAsync(revised.StatusId, StreamEvent.StatusUpdate, cancellationToken),
        StatusRemoved removed => RemovedAsync(removed, cancellationToken),
        NotificationCreated created => NotificationAsync(created, cancellationToken),
        ConversationGrew grew => ConversationAsync(grew, cancellationToken),
        FiltersChanged filters => FiltersChangedAsync(filters),
        TokensRevoked => RevalidateAsync(cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>A status entered a reader's home: <c>update</c> on their user streams, if it is news and they may see it.</summary>
    private async Task HomeAsync(HomeFeedGrew grew, CancellationToken cancellationToken)
    {
        var targets = Targets(hub.ConnectionsOf(grew.ReaderId), channel => channel.Kind == StreamKind.User);
        if (targets.Count == 0 || (await live.ArrivedInHomesAsync(grew.StatusId, [grew.ReaderId], cancellationToken)).Count == 0)
        {
            return;
        }
        await DeliverStatusAsync(grew.StatusId, targets, StreamEvent.Update, cancellationToken);
    }

    /// <summary>
    /// A status was posted (<c>update</c>) or edited (<c>status.update</c>): to the public, hashtag and list streams whose
    /// timelines show it to their reader, and, for an edit, to the user streams of the homes holding it.
    /// </summary>
    private async Task StatusAsync(long statusId, string eventName, CancellationToken cancellationToken)
    {
        var connections = hub.Connections.ToList();
        if (Targets(connections, channel => MightTake(channel, eventName)).Count == 0
            || await live.PlaceAsync(statusId, cancellationToken) is not { } place)
        {
            return;
        }
        var targets = Targets(connections, channel => Takes(channel, place));
        var readers = await live.ReadersWhoMaySeeAsync(statusId, targets.Select(t => t.Connection.AccountId), cancellationToken);
        targets = targets.Where(t => readers.Contains(t.Connection.AccountId)).ToList();

        var listTargets = Targets(connections, channel => channel.ListId is not null);
        if (listTargets.Count > 0)
        {
            var showing = await live.ListsShowingAsync(statusId, listTargets.Select(t => (t.Connection.AccountId, t.Channel.ListId!.Value)), cancellationToken);
            targets.AddRange(listTargets.Where(t => showing.Contains(t.Channel.ListId!.Value)));
        }
        if (eventName == StreamEvent.StatusUpdate)
        {
            var userTargets = Targets(connections, channel => channel.Kind == StreamKind.User);
            var holding = await live.HomesHoldingAsync(statusId, userTargets.Select(t => t.Connection.AccountId), cancellationToken);
            targets.AddRange(userTargets.Where(t => holding.Contains(t.Connection.AccountId)));
        }
        await DeliverStatusAsync(statusId, targets, eventName, cancellationToken);
    }

    /// <summary>
    /// A status was deleted: <c>delete</c> with its id to the user streams of its author and their followers (whose homes may
    /// hold it), to the streams of lists the author is on, and, for a public status, to the public and hashtag streams. The row is gone, so its tags are unknown:
    /// every hashtag stream hears of it, which tells nobody more than that a public post was deleted.
    /// </summary>
    private async Task RemovedAsync(StatusRemoved removed, CancellationToken cancellationToken)
    {
        var connections = hub.Connections.ToList();
        var userTargets = Targets(connections, channel => channel.Kind == StreamKind.User);
        var homes = await live.AuthorAndFollowersAmongAsync(removed.AuthorId, userTargets.Select(t => t.Connection.AccountId), cancellationToken);
        var targets = userTargets.Where(t => homes.Contains(t.Connection.AccountId)).ToList();
        if (removed.WasPublic)
        {
            targets.AddRange(Targets(connections, channel => channel.Kind switch
            {
                StreamKind.Public or StreamKind.PublicMedia or StreamKind.Hashtag => true,
                StreamKind.PublicLocal or StreamKind.PublicLocalMedia or StreamKind.HashtagLocal => removed.IsLocal != false,
                StreamKind.PublicRemote or StreamKind.PublicRemoteMedia => removed.IsLocal != true,
                _ => false,
            }));
        }
        var listTargets = Targets(connections, channel => channel.ListId is not null);
        if (listTargets.Count > 0)
        {
            var lists = await live.ListsWithMemberAsync(removed.AuthorId, listTargets.Select(t => t.Channel.ListId!.Value), cancellationToken);
            targets.AddRange(listTargets.Where(t => lists.Contains(t.Channel.ListId!.Value)));
        }
        Deliver(targets, StreamEvent.Delete, EntityIds.Of(removed.StatusId));
    }

    /// <summary>
    /// A notification: <c>notification</c> on the recipient's notification streams, and on their user streams when the
    /// token may read notifications (Mastodon leaves them out of the user stream otherwise).
    /// </summary>
    private async Task NotificationAsync(NotificationCreated created, CancellationToken cancellationToken)
    {
        var targets = Targets(hub.ConnectionsOf(created.RecipientId), (connection, channel) =>
            channel.Kind == StreamKind.UserNotification || (channel.Kind == StreamKind.User && connection.Caller.Has("read:notifications")));
        if (targets.Count == 0)
        {
            return;
        }
        NotificationView view;
        try
        {
            view = await notifications.FindAsync(created.RecipientId, created.NotificationId, cancellationToken);
        }
        catch (DomainException)
        {
            return; // Dismissed already, or from an account suspended since.
        }
        var filtered = await statuses.MatchAsync(view.Status, created.RecipientId, cancellationToken);
        if (notificationRenderer.Render(view, created.RecipientId, filtered) is { } entity)
        {
            Deliver(targets, StreamEvent.Notification, Json(entity));
        }
    }

    /// <summary>
    /// A direct message was filed into someone's conversation: <c>conversation</c> on their direct streams, the conversation
    /// as <c>/api/v1/conversations</c> shows it, as on Mastodon (where the direct stream carries no <c>update</c>).
    /// </summary>
    private async Task ConversationAsync(ConversationGrew grew, CancellationToken cancellationToken)
    {
        if (Targets(hub.Connections, channel => channel.Kind == StreamKind.Direct).Count == 0
            || await live.ConversationOwnerAsync(grew.ConversationId, cancellationToken) is not { } ownerId)
        {
            return;
        }
        var targets = Targets(hub.ConnectionsOf(ownerId), channel => channel.Kind == StreamKind.Direct);
        if (targets.Count == 0)
        {
            return;
        }
        ConversationView view;
        try
        {
            view = await conversations.FindAsync(ownerId, grew.ConversationId, cancellationToken);
        }
        catch (DomainException)
        {
            return; // Its messages were deleted since.
        }
        var filtered = await statuses.MatchAsync(view.LastStatus, ownerId, cancellationToken);
        Deliver(targets, StreamEvent.Conversation,
            Json(conversationRenderer.Render(view.Conversation.Id, view.Conversation.Unread, view.Participants, view.LastStatus, ownerId, filtered)));
    }

    /// <summary><c>filters_changed</c> (no payload) on the account's user streams: its apps should fetch its filters again.</summary>
    private Task FiltersChangedAsync(FiltersChanged filters)
    {
        Deliver(Targets(hub.ConnectionsOf(filters.AccountId), channel => channel.Kind == StreamKind.User), StreamEvent.FiltersChanged, null);
        return Task.CompletedTask;
    }

    /// <summary>After a revocation, every open stream's token is checked again; a stream whose token no longer holds ends.</summary>
    private async Task RevalidateAsync(CancellationToken cancellationToken)
    {
        hub.RevalidationStarted();
        foreach (var connection in hub.Connections.ToList())
        {
            try
            {
                await validation.ValidateAccessTokenAsync(connection.Token, cancellationToken);
            }
            catch (OpenIddictExceptions.ProtocolException)
            {
                connection.Close("its access token was revoked");
            }
        }
    }

    /// <summary>Whether a stream might hear of a posted or edited status, before anything is read from the database.</summary>
    private static bool MightTake(StreamChannel channel, string eventName) =>
        Takes(channel, null) || channel.ListId is not null || (channel.Kind == StreamKind.User && eventName == StreamEvent.StatusUpdate);

    /// <summary>Whether a public or hashtag stream takes the status; with no placement given, whether it might take any.</summary>
    private static bool Takes(StreamChannel channel, StatusPlacement? place) => channel.Kind switch
    {
        StreamKind.Public => place?.InPublicTimelines ?? true,
        StreamKind.PublicLocal => place is null || (place.InPublicTimelines && place.IsLocal),
        StreamKind.PublicRemote => place is null || (place.InPublicTimelines && !place.IsLocal),
        StreamKind.Hashtag => place is null || (place.InHashtagTimelines && place.TagKeys.Contains(channel.Key.Parameter!)),
        StreamKind.HashtagLocal => place is null || (place.InHashtagTimelines && place.IsLocal && place.TagKeys.Contains(channel.Key.Parameter!)),
        StreamKind.PublicMedia => place is null || (place.InPublicTimelines && place.HasMedia),
        StreamKind.PublicLocalMedia => place is null || (place.InPublicTimelines && place.IsLocal && place.HasMedia),
        StreamKind.PublicRemoteMedia => place is null || (place.InPublicTimelines && !place.IsLocal && place.HasMedia),
        _ => false,
    };

    private readonly record struct Target(StreamingConnection Connection, StreamChannel Channel);

    private static List<Target> Targets(IEnumerable<StreamingConnection> connections, Func<StreamChannel, bool> wants) =>
        Targets(connections, (_, channel) => wants(channel));

    private static List<Target> Targets(IEnumerable<StreamingConnection> connections, Func<StreamingConnection, StreamChannel, bool> wants) =>
        connections.SelectMany(c => c.Subscriptions.Where(s => wants(c, s)).Select(s => new Target(c, s))).ToList();

    private static void Deliver(IEnumerable<Target> targets, string eventName, string? payload)
    {
        foreach (var target in targets)
        {
            target.Connection.TryDeliver(new StreamEvent(target.Channel.StreamArray, eventName, payload));
        }
    }

    /// <summary>Loads the status once per reader and sends it to that reader's targets, rendered for them.</summary>
    private async Task DeliverStatusAsync(long statusId, List<Target> targets, string eventName, CancellationToken cancellationToken)
    {
        foreach (var forReader in targets.GroupBy(t => t.Connection.AccountId))
        {
            if (await loader.LoadOneAsync(statusId, forReader.Key, cancellationToken) is { } view)
            {
                Deliver(forReader, eventName, Json(await statuses.RenderAsync(view, forReader.Key, cancellationToken)));
            }
        }
    }

    private static string Json<T>(T entity) => JsonSerializer.Serialize(entity, ApiJson.Options);
}
