using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Mapping;
using Account = Starling.Server.Data.Entities.Account;
using Status = Starling.Server.Data.Entities.Status;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>
/// Finds statuses by ActivityPub id: this server's own, those already stored, or else fetched from their origin,
/// checked (a post, by an author on the post's own server), mapped and stored. A fetched reply brings its parents, up
/// to <see cref="MaxAncestors"/> of them; the rest of a long thread stays linked by id until it arrives.
/// </summary>
public sealed class RemoteStatusResolver(
    AppDbContext db,
    IRemoteObjectFetcher fetcher,
    IRemoteAccountResolver accounts,
    NoteMapper mapper,
    ReceiveRemoteStatus receive,
    LocalObjects local,
    ILogger<RemoteStatusResolver> logger) : IRemoteStatusResolver
{
    /// <summary>Parents fetched above a post; each is one more request to another server.</summary>
    public const int MaxAncestors = 5;

    public Task<Status?> ResolveAsync(string statusUri, CancellationToken cancellationToken) => ResolveAsync(statusUri, depth: 0, cancellationToken);

    /// <summary>
    /// Stores a post its origin vouched for (delivered by its author, or fetched from its server); its parents are
    /// looked up and fetched as for a fetched post. Null when it is not a post, not its stated author's, or its author
    /// cannot be found or may not post here.
    /// </summary>
    /// <param name="author">The author when already known (the sender of a Create); otherwise resolved from attributedTo.</param>
    /// <param name="envelope">The activity that carried the post, for its addressing.</param>
    public Task<Status?> StoreAsync(ActivityObject post, Account? author, ActivityObject? envelope, CancellationToken cancellationToken) =>
        StoreAsync(post, author, envelope, depth: 0, cancellationToken);

    private async Task<Status?> ResolveAsync(string uri, int depth, CancellationToken cancellationToken)
    {
        if (local.IsLocal(uri))
        {
            return await local.FindStatusAsync(uri, cancellationToken);
        }
        if (await receive.FindAsync(uri, cancellationToken) is { } known)
        {
            return known;
        }
        if (depth > MaxAncestors || await db.Tombstones.AnyAsync(t => t.Uri == uri, cancellationToken))
        {
            return null;
        }
        var fetched = await fetcher.FetchAsync(uri, cancellationToken);
        if (fetched?.Id is not { } id || !NoteMapper.IsPost(fetched))
        {
            logger.LogInformation("{Uri} could not be fetched as a post", uri);
            return null;
        }
        if (id != uri && await receive.FindAsync(id, cancellationToken) is { } knownById)
        {
            // Fetched by another address (its page, a redirect) and already known by its id.
            return knownById;
        }
        return await StoreAsync(fetched, author: null, envelope: null, depth, cancellationToken);
    }

    private async Task<Status?> StoreAsync(ActivityObject post, Account? author, ActivityObject? envelope, int depth, CancellationToken cancellationToken)
    {
        if (!NoteMapper.IsPost(post) || post.Id is not { } id || post.AttributedTo?.Id is not { } authorUri)
        {
            return null;
        }
        // A server speaks only for its own accounts: a post on one host said to be by someone on another is not believed.
        if (!Hosts.Same(id, authorUri))
        {
            logger.LogInformation("{Uri} is attributed to {Author} on another server; not stored", id, authorUri);
            return null;
        }
        if (author is null || author.Uri != authorUri)
        {
            author = await accounts.ResolveAsync(authorUri, cancellationToken);
        }
        if (author is null || author.IsLocal || author.IsSuspended)
        {
            logger.LogInformation("The author {Author} of {Uri} cannot be found or may not post here", authorUri, id);
            return null;
        }
        try
        {
            var draft = await mapper.MapAsync(post, author, new Ancestors(this, depth + 1), envelope, cancellationToken);
            return await receive.CreateAsync(draft, cancellationToken);
        }
        catch (DomainException refused)
        {
            logger.LogInformation("{Uri} was not stored: {Reason}", id, refused.Message);
            return null;
        }
    }

    /// <summary>The resolver one level further up a thread, so fetching parents stops at <see cref="MaxAncestors"/>.</summary>
    private sealed class Ancestors(RemoteStatusResolver resolver, int depth) : IRemoteStatusResolver
    {
        public Task<Status?> ResolveAsync(string statusUri, CancellationToken cancellationToken) =>
            resolver.ResolveAsync(statusUri, depth, cancellationToken);
    }
}
