using System.Text.Json;

namespace Starling.Federation.Tests.Infrastructure;

/// <summary>How a <see cref="FedifyPeer"/> is started.</summary>
public sealed record FedifyPeerOptions
{
    /// <summary>The actor's name: its handle is <c>@{Username}@127.0.0.1:{port}</c>.</summary>
    public string Username { get; init; } = "fedi";

    /// <summary>
    /// The signature scheme the peer tries first with a server it has not talked to (it retries with the other one when
    /// the first is refused with an error status). Null keeps Fedify's default, RFC 9421.
    /// </summary>
    public PeerSignatureScheme? FirstKnock { get; init; }

    /// <summary>The lowest level of Fedify's log kept in <see cref="FedifyPeer.Log"/>: debug, info, warning or error.</summary>
    public string LogLevel { get; init; } = "info";
}

public enum PeerSignatureScheme
{
    /// <summary>RFC 9421 HTTP Message Signatures (<c>Signature-Input</c> and <c>Signature</c>).</summary>
    Rfc9421,

    /// <summary>draft-cavage-http-signatures-12, as Mastodon signs (a <c>Signature</c> header with <c>keyId</c>).</summary>
    DraftCavage,
}

/// <summary>Who sees a post, addressed as Mastodon addresses each of its visibilities.</summary>
public enum PeerVisibility
{
    Public,
    Unlisted,

    /// <summary>Followers only (Mastodon's "private").</summary>
    Followers,

    /// <summary>Only the mentioned actors.</summary>
    Direct,
}

/// <summary>
/// How one control call delivers what it makes. By default at once (a refused delivery fails the call with the remote
/// answer) and to shared inboxes where the recipients have them.
/// </summary>
public sealed record PeerDelivery(bool Queued = false, bool SharedInbox = true);

/// <summary>An activity the peer's inbox accepted (its HTTP signature or integrity proof verified) and processed.</summary>
/// <param name="Type">The activity's <c>type</c>, such as <c>Create</c>.</param>
/// <param name="Object">The id of its <c>object</c>, embedded or referenced.</param>
/// <param name="ObjectType">The <c>type</c> of an embedded object (<c>Note</c>, <c>Follow</c>, ...); null when only referenced.</param>
/// <param name="Recipient">The username whose inbox it arrived at; null for the shared inbox.</param>
/// <param name="Json">The activity as Fedify understood it, compacted JSON-LD.</param>
/// <param name="Raw">The JSON exactly as it was posted.</param>
/// <param name="Signature">The signature headers it was posted with.</param>
public sealed record ReceivedActivity(string Type, string? Id, string? Actor, string? Object, string? ObjectType, string? Recipient,
    JsonElement Json, JsonElement? Raw, PeerDeliverySignature? Signature)
{
    public override string ToString() => $"{Type} {Id} by {Actor} of {Object}";
}

/// <param name="Scheme"><c>rfc9421</c>, <c>draft-cavage-http-signatures-12</c>, or null when the request was not signed.</param>
public sealed record PeerDeliverySignature(string? Scheme, string? Signature, string? SignatureInput, string? Digest, string? ContentDigest);

/// <summary>An actor that follows the peer, and the Follow it sent.</summary>
public sealed record PeerFollower(string Id, string Inbox, string? SharedInbox, string Follow);

/// <summary>An actor the peer asked to follow.</summary>
/// <param name="State"><c>pending</c>, <c>accepted</c> or <c>rejected</c>.</param>
public sealed record PeerFollowing(string Id, string Follow, string State);

/// <summary>Something that went wrong on the peer's side, kept so a test can say why.</summary>
/// <param name="Kind">
/// <c>unverified</c> (an inbox POST whose signature did not verify; <see cref="Reason"/> says how), <c>inbox</c> (a listener
/// failed) or <c>outbox</c> (a queued delivery failed).
/// </param>
public sealed record PeerFailure(string Kind, string Message, string? ActivityId, string? KeyId, string? Reason)
{
    public override string ToString() => $"{Kind}: {Message} (activity {ActivityId}, key {KeyId})";
}

/// <param name="Follow">The Follow activity's id.</param>
/// <param name="Actor">The id of the actor followed.</param>
public sealed record PeerFollowResult(string Follow, string Actor);

/// <summary>
/// A file attached to a post the peer makes, one it serves (<see cref="FedifyPeer.AddMediaAsync"/>), built with Fedify's
/// vocabulary. Fedify's vocabulary has no blurhash or focal point, so the peer sends neither.
/// </summary>
/// <param name="Media">The file's name, as handed to the peer.</param>
/// <param name="Name">The description (alt text), sent as the attachment's <c>name</c>.</param>
/// <param name="DurationSeconds">Sent as an <c>xsd:duration</c> (<c>PT2S</c>).</param>
/// <param name="UrlAsLink">
/// The <c>url</c> as a <c>Link</c> that carries the <c>mediaType</c> (as PeerTube writes it), rather than the file's address
/// with the <c>mediaType</c> on the attachment (as Mastodon writes it).
/// </param>
public sealed record PeerAttachment(string Media, PeerAttachmentType Type = PeerAttachmentType.Document, string? Name = null,
    int? Width = null, int? Height = null, double? DurationSeconds = null, bool UrlAsLink = false);

public enum PeerAttachmentType
{
    Document,
    Image,
    Video,
    Audio,
}

/// <summary>A file the peer serves at <see cref="Url"/>.</summary>
/// <param name="Requests">How many requests for it arrived (a held one counts as it arrives).</param>
public sealed record PeerMedia(string Name, string Url, string MediaType, long Size, int Requests);

/// <param name="Note">The note's id, which the peer serves.</param>
/// <param name="Create">The Create activity's id, which the peer serves too.</param>
public sealed record PeerPostResult(string Note, string Create);

/// <summary>Thrown when a control call fails; the message carries the peer's answer and the end of its log.</summary>
public sealed class FedifyPeerException(string message) : Exception(message);
