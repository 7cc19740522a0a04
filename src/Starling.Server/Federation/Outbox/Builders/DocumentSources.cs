using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>
/// What a local account's actor document is made of: the account (its profile fields ride on it), its signing key,
/// and what lives elsewhere. Load it with <c>ActorDocumentLoader</c>.
/// </summary>
/// <param name="MovedToUri">The actor id of the account it moved to, when it moved.</param>
/// <param name="Avatar">The profile picture; null when there is none, and the actor then has no <c>icon</c>, as on Mastodon.</param>
/// <param name="Header">The header picture; null when there is none (no <c>image</c>).</param>
public sealed record ActorSource(Account Account, AccountKey Key, string? MovedToUri = null, ActorPicture? Avatar = null, ActorPicture? Header = null);

/// <summary>A picture on a profile: where it is and what kind of file it is.</summary>
public sealed record ActorPicture(string Url, string MediaType);

/// <summary>
/// A status with what its documents need beyond the row. The status (or, for a boost, the boosted one) comes with its
/// author, mentions (with their accounts), tags, media and poll loaded, as <c>StatusLoader</c> loads them. Load it with
/// <c>StatusDocumentLoader</c>.
/// </summary>
/// <param name="InReplyToUri">The ActivityPub id of the status it answers, or null.</param>
/// <param name="SelfReplyIds">
/// Up to <c>StatusDocumentLoader.SelfRepliesShown</c> public or unlisted replies by the same author, oldest first:
/// the first page of the <c>replies</c> collection, as Mastodon fills it.
/// </param>
public sealed record StatusSource(Status Status, string? InReplyToUri, IReadOnlyList<long> SelfReplyIds)
{
    public StatusSource(Status status)
        : this(status, null, [])
    {
    }
}
