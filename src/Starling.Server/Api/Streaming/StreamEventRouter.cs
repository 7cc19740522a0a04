using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// Decides who hears about one committed change and renders it for each of them. Who may see what is asked of the
/// timelines' own rules (<see cref="LiveTimelines"/>), once per reader, and each reader gets the entity rendered for them
/// (their favourite and boost flags, their filters), exactly as a reload of the timeline would show it.
/// </summary>
public sealed class StreamEventRouter(
    StreamingHub hub,
    LiveTimelines live,
    StatusLoader loader,
    StatusRenderer statuses,
    ConversationRenderer conversations,
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
        if (await RenderStatusAsync(grew.StatusId, grew.ReaderId, cancellationToken) is { } payload)
        {
            Deliver(targets, StreamEvent.Update, payload);
        }
    }

    /// <summary>
    /// A status was posted (<c>update</c>) or edited (<c>status.update</c>): the public and hashtag streams it belongs to,
    /// and for an edit the user streams of the homes holding it. A new direct message becomes a <c>conversation</c> event
    /// on its participants' direct streams, as on Mastodon.
    /// </summary>
    private async Task StatusAsync(long statusId, string eventName, CancellationToken cancellationToken)
    {
        var connections = hub.Connections.ToList();
        var targets = Targets(connections, channel => MightTake(channel, eventName));
        if (targets.Count == 0 || await live.PlaceAsync(statusId, cancellationToken) is not { } place)
        {
            return;
        }
        var timelineTargets = Targets(connections, channel => Takes(channel, place));
        var readers = (await live.ReadersWhoMaySeeAsync(statusId, timelineTargets.Select(t => t.Connection.AccountId), cancellationToken)).ToHashSet();
        if (eventName == StreamEvent.StatusUpdate)
        {
            var userTargets = Targets(connections, channel => channel.Kind == StreamKind.User);
            var holding = await live.HomesHoldingAsync(statusId, userTargets.Select(t => t.Connection.AccountId), cancellationToken);
            timelineTargets.AddRange(userTargets.Where(t => holding.Contains(t.Connection.AccountId)));
            readers.UnionWith(holding);
        }
        var directTargets = eventName == StreamEvent.Update && place.Visibility == Visibility.Direct
            ? Targets(connections.Where(c => place.Participants.Contains(c.AccountId)), channel => channel.Kind == StreamKind.Direct)
            : [];
        readers.UnionWith(await live.ReadersWhoMaySeeAsync(statusId, directTargets.Select(t => t.Connection.AccountId), cancellationToken));

        foreach (var reader in readers)
        {
            if (await loader.LoadOneAsync(statusId, reader, cancellationToken) is not { } view)
            {
                continue;
            }
            var forReader = timelineTargets.Where(t => t.Connection.AccountId == reader).ToList();
            if (forReader.Count > 0)
            {
                Deliver(forReader, eventName, Json(statuses.Render(view, reader)));
            }
            var directForReader = directTargets.Where(t => t.Connection.AccountId == reader).ToList();
            if (directForReader.Count > 0)
            {
                var participants = view.Status.Mentions.Select(m => m.Account).Append(view.Status.Account);
                Deliver(directForReader, StreamEvent.Conversation,
                    Json(conversations.Render(place.ConversationId, unread: reader != place.AuthorId, participants, view, reader)));
            }
        }
    }

    /// <summary>
    /// A status was deleted: <c>delete</c> with its id to the user streams of its author and their followers (whose homes may
    /// hold it), and, for a public status, to the public and hashtag streams. The row is gone, so its tags are unknown:
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
        if (targets.Count == 0
            || await notifications.FindAsync(created.RecipientId, created.NotificationId, cancellationToken) is not { } view
            || notificationRenderer.Render(view, created.RecipientId) is not { } entity)
        {
            return;
        }
        Deliver(targets, StreamEvent.Notification, Json(entity));
    }

    private Task FiltersChangedAsync(FiltersChanged filters)
    {
        Deliver(Targets(hub.ConnectionsOf(filters.AccountId), channel => channel.Kind == StreamKind.User), StreamEvent.FiltersChanged, null);
        return Task.CompletedTask;
    }

    /// <summary>After a revocation, every open stream's token is checked again; a stream whose token no longer holds ends.</summary>
    private async Task RevalidateAsync(CancellationToken cancellationToken)
    {
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
        Takes(channel, null) || channel.Kind switch
        {
            // An edit reaches the homes holding the status; a new direct message its participants' direct streams.
            StreamKind.User => eventName == StreamEvent.StatusUpdate,
            StreamKind.Direct => eventName == StreamEvent.Update,
            _ => false,
        };

    /// <summary>Whether a public or hashtag stream takes the status; with no placement given, whether it might take any.</summary>
    private static bool Takes(StreamChannel channel, StatusPlacement? place) => channel.Kind switch
    {
        StreamKind.Public => place?.InPublicTimelines ?? true,
        StreamKind.PublicLocal => place is null || (place.InPublicTimelines && place.IsLocal),
        StreamKind.PublicRemote => place is null || (place.InPublicTimelines && !place.IsLocal),
        StreamKind.Hashtag => place is null || (place.InHashtagTimelines && place.TagKeys.Contains(channel.Key.Parameter!)),
        StreamKind.HashtagLocal => place is null || (place.InHashtagTimelines && place.IsLocal && place.TagKeys.Contains(channel.Key.Parameter!)),
        // No status carries media yet, so the media streams stay quiet; lists arrive with their own work.
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

    private async Task<string?> RenderStatusAsync(long statusId, long readerId, CancellationToken cancellationToken) =>
        await loader.LoadOneAsync(statusId, readerId, cancellationToken) is { } view ? Json(statuses.Render(view, readerId)) : null;

    private static string Json<T>(T entity) => JsonSerializer.Serialize(entity, ApiJson.Options);
}
