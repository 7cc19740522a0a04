using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>
/// Fetches ActivityStreams documents from other servers: signed by the instance actor (so servers with authorized
/// fetch answer), through the safe HTTP client (no private addresses, size and time limits), and only believed when
/// the document's id is on the host it was fetched from.
/// </summary>
public interface IRemoteObjectFetcher
{
    /// <returns>The document, or null when it cannot be fetched, is gone, or is not what it claims to be.</returns>
    Task<ActivityObject?> FetchAsync(string uri, CancellationToken cancellationToken);
}

/// <summary>Finds remote accounts: from the database when known and fresh, else fetched and stored (or refreshed).</summary>
public interface IRemoteAccountResolver
{
    /// <summary>By ActivityPub id. Null when it cannot be fetched, is not an actor, or its server is suspended.</summary>
    Task<Account?> ResolveAsync(string actorUri, CancellationToken cancellationToken);

    /// <summary>By handle, through WebFinger on <paramref name="domain"/>.</summary>
    Task<Account?> ResolveHandleAsync(string username, string domain, CancellationToken cancellationToken);

    /// <summary>By ActivityPub id, fetched again whatever its age, so what it says now is stored (a key rotated, an alias added).</summary>
    Task<Account?> RefreshAsync(string actorUri, CancellationToken cancellationToken);

    /// <summary>Stores or refreshes an account from an actor document already in hand (an Update, an embedded actor).</summary>
    Task<Account> UpsertAsync(Actor actor, CancellationToken cancellationToken);
}

/// <summary>Finds remote statuses: from the database when known, else fetched from their origin and stored.</summary>
public interface IRemoteStatusResolver
{
    /// <summary>
    /// By ActivityPub id. A fetched reply brings its parents with it, up to a bounded depth. Null when it cannot be
    /// fetched, is not a post, or may not be shown here.
    /// </summary>
    Task<Status?> ResolveAsync(string statusUri, CancellationToken cancellationToken);
}
