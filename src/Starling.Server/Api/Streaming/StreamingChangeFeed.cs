using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Streaming;

/// <summary>
/// Turns what each commit wrote into streaming changes for the hub. It runs on the writing request, so it only copies
/// keys and never reads the database; the dispatcher does the rest in the background. The mapping is by entity type, so
/// every write path (web UI, API, jobs) streams alike:
/// a status added or deleted, a new version in a status's history (an edit), a row added to someone's home timeline,
/// a notification added, a direct message filed into a conversation, a filter changed (keyword and status changes touch
/// their filter's row too). A first edit writes two versions (the original and the new one): one event, not two.
/// </summary>
public sealed class StreamingChangeFeed(StreamingHub hub) : ICommittedChangesObserver
{
    public ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        if (!hub.HasConnections)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var change in Map(changes).Distinct())
        {
            hub.Publish(change);
        }
        return ValueTask.CompletedTask;
    }

    public static IEnumerable<StreamingChange> Map(CommittedChanges changes)
    {
        foreach (var (entity, kind) in changes.Rows)
        {
            switch (entity, kind)
            {
                case (Status status, CommittedChangeKind.Added):
                    yield return new StatusPosted(status.Id);
                    break;
                case (Status status, CommittedChangeKind.Deleted):
                    yield return new StatusRemoved(status.Id, status.AccountId, status.Visibility == Visibility.Public,
                        status.Account?.IsLocal);
                    break;
                case (StatusEdit edit, CommittedChangeKind.Added):
                    yield return new StatusRevised(edit.StatusId);
                    break;
                case (HomeFeedEntry entry, CommittedChangeKind.Added):
                    yield return new HomeFeedGrew(entry.AccountId, entry.StatusId);
                    break;
                case (Notification notification, CommittedChangeKind.Added):
                    yield return new NotificationCreated(notification.Id, notification.AccountId);
                    break;
                case (DirectConversationStatus filed, CommittedChangeKind.Added):
                    yield return new ConversationGrew(filed.ConversationId);
                    break;
                case (Filter filter, _):
                    yield return new FiltersChanged(filter.AccountId);
                    break;
            }
        }
    }
}
