using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Inbox;

/// <summary>
/// An activity that passed the inbox's checks: its signature verified with a key owned by <paramref name="Sender"/>,
/// who is the activity's actor, on a server that is not suspended, and not seen before.
/// </summary>
/// <param name="Sender">The remote account that sent and signed it.</param>
/// <param name="RecipientUsername">The local account whose own inbox it was posted to; null for the shared inbox.</param>
public sealed record InboxDelivery(Account Sender, string? RecipientUsername);

/// <summary>
/// Handles one activity type (registered keyed by that type's name, as Mastodon has one class per activity). A
/// handler checks what only it can (that the object belongs to the sender, or fetches it from its origin), then calls
/// the same use cases the web UI and the API call. Handling the same activity twice must change nothing.
/// </summary>
public interface IInboxHandler
{
    Task HandleAsync(Activity activity, InboxDelivery delivery, CancellationToken cancellationToken);
}
