using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure;

/// <summary>The one place that knows the shape of this server's public URLs.</summary>
public sealed class LocalUrls(IOptions<StarlingOptions> options)
{
    private readonly string _base = options.Value.PublicUrl.TrimEnd('/');

    public string Domain { get; } = options.Value.Domain;

    /// <summary>The stand-in pictures for accounts without an avatar or header, at the paths Mastodon uses (some clients look for "missing.png").</summary>
    public string DefaultAvatar => $"{_base}/avatars/original/missing.png";

    public string DefaultHeader => $"{_base}/headers/original/missing.png";

    public string Profile(string username) => $"{_base}/@{username}";

    public string Status(string username, long statusId) => $"{_base}/@{username}/{statusId}";

    public string Tag(string name) => $"{_base}/tags/{Uri.EscapeDataString(name)}";

    /// <summary>The profile page; a remote account's is its page on this server ("/@user@domain").</summary>
    public string Profile(Account account) => Profile(Acct(account));

    public string Status(Account author, long statusId) => Status(Acct(author), statusId);

    /// <summary>A local account's ActivityPub id, in Mastodon's layout.</summary>
    public string Actor(string username) => $"{_base}/users/{username}";

    /// <summary>The id of a local account's signing key, inside its actor document as on Mastodon.</summary>
    public string ActorKeyId(string username) => $"{Actor(username)}#main-key";

    public string Inbox(string username) => $"{Actor(username)}/inbox";

    public string Outbox(string username) => $"{Actor(username)}/outbox";

    public string Followers(string username) => $"{Actor(username)}/followers";

    public string Following(string username) => $"{Actor(username)}/following";

    /// <summary>The pinned statuses collection.</summary>
    public string Featured(string username) => $"{Actor(username)}/collections/featured";

    public string FeaturedTags(string username) => $"{Actor(username)}/collections/tags";

    /// <summary>One inbox for the whole server, so a peer delivers a post once however many of our people follow its author.</summary>
    public string SharedInbox => $"{_base}/inbox";

    /// <summary>The server's own actor: it signs fetches made for the server rather than for a person.</summary>
    public string InstanceActor => $"{_base}/actor";

    public string InstanceActorKeyId => $"{InstanceActor}#main-key";

    /// <summary>A local status's ActivityPub id, in Mastodon's layout.</summary>
    public string StatusUri(string username, long statusId) => $"{Actor(username)}/statuses/{statusId}";

    /// <summary>A local boost's id: the Announce activity, which has no page of its own.</summary>
    public string ReblogActivityUri(string username, long statusId) => $"{StatusUri(username, statusId)}/activity";

    /// <summary>An uploaded file, at the address Mastodon serves its originals from.</summary>
    public string MediaFile(long mediaId, string fileName) => $"{_base}/system/media_attachments/files/{mediaId}/original/{Uri.EscapeDataString(fileName)}";

    /// <summary>"user" for local accounts, "user@domain" for remote ones, as Mastodon's <c>acct</c>.</summary>
    public static string Acct(Account account) => account.Domain is null ? account.Username : $"{account.Username}@{account.Domain}";
}
