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

    /// <summary>The web page listing a local account's followers.</summary>
    public string ProfileFollowers(string username) => $"{Profile(username)}/followers";

    public string ProfileFollowing(string username) => $"{Profile(username)}/following";

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

    /// <summary>A media file's preview picture, named as it is stored.</summary>
    public string MediaPreview(long mediaId, string fileName) => $"{_base}/system/media_attachments/files/{mediaId}/small/{Uri.EscapeDataString(fileName)}";

    /// <summary>The profile picture to show: the one kept here, else the remote one at its origin, else the default.</summary>
    public string Avatar(Account account) => OwnAvatar(account) ?? DefaultAvatar;

    public string Header(Account account) => OwnHeader(account) ?? DefaultHeader;

    /// <summary>The account's own profile picture (kept here, else at its origin); null when it has none.</summary>
    public string? OwnAvatar(Account account) =>
        account.AvatarFilePath is { } path ? AccountPicture(account.Id, "avatars", Path.GetFileName(path)) : account.AvatarRemoteUrl;

    public string? OwnHeader(Account account) =>
        account.HeaderFilePath is { } path ? AccountPicture(account.Id, "headers", Path.GetFileName(path)) : account.HeaderRemoteUrl;

    /// <summary>An account's profile or header picture (<paramref name="kind"/> "avatars" or "headers"), named as it is stored.</summary>
    public string AccountPicture(long accountId, string kind, string fileName) => $"{_base}/system/accounts/{kind}/{accountId}/original/{Uri.EscapeDataString(fileName)}";

    /// <summary>The server's front page; the instance actor's <c>url</c>, as it has no profile page.</summary>
    public string Home => $"{_base}/";

    /// <summary>Where the instance actor receives activities addressed to the server itself.</summary>
    public string InstanceActorInbox => $"{InstanceActor}/inbox";

    public string InstanceActorOutbox => $"{InstanceActor}/outbox";

    /// <summary>The WebFinger "subscribe" template: where a person signed in here can act on a remote object ({uri}).</summary>
    public string AuthorizeInteractionTemplate => $"{_base}/authorize_interaction?uri={{uri}}";

    /// <summary>The ActivityPub id of any account: a local actor's address, or the id a remote actor document gave.</summary>
    /// <remarks>Remote accounts made before federation have no id; their page here stands in, as in the client API.</remarks>
    public string ActorUri(Account account) => account.IsLocal ? Actor(account.Username) : account.Uri ?? Profile(account);

    /// <summary>An account's followers collection: ours for a local account, the one a remote actor named (or null).</summary>
    public string? FollowersUri(Account account) => account.IsLocal ? Followers(account.Username) : account.FollowersUrl;

    /// <summary>
    /// The ActivityPub id of any status (its <see cref="Status.Account"/> loaded): a local post's address, a local boost's
    /// Announce, or the id a remote server gave.
    /// </summary>
    public string StatusUri(Status status)
    {
        var author = status.Account;
        if (!author.IsLocal)
        {
            return status.Uri ?? Status(author, status.Id);
        }
        return status.IsReblog ? ReblogActivityUri(author.Username, status.Id) : StatusUri(author.Username, status.Id);
    }

    /// <summary>The web page of any status; a local boost has none and links to its activity, as on Mastodon.</summary>
    public string StatusUrl(Status status)
    {
        var author = status.Account;
        if (!author.IsLocal)
        {
            return status.Url ?? status.Uri ?? Status(author, status.Id);
        }
        return status.IsReblog ? ReblogActivityUri(author.Username, status.Id) : Status(author.Username, status.Id);
    }

    /// <summary>The Create that published a local status (the same address serves a boost's Announce).</summary>
    public string StatusActivity(string username, long statusId) => $"{StatusUri(username, statusId)}/activity";

    /// <summary>An Update of an edited status: one id per version, from the time of the edit.</summary>
    public string StatusUpdate(string username, long statusId, DateTime updatedAt) => $"{StatusUri(username, statusId)}#updates/{UnixSeconds(updatedAt)}";

    public string StatusDelete(string username, long statusId) => $"{StatusUri(username, statusId)}#delete";

    /// <summary>An Update of a local actor's profile, one id per change.</summary>
    public string ActorUpdate(string username, DateTime updatedAt) => $"{Actor(username)}#updates/{UnixSeconds(updatedAt)}";

    public string ActorMove(string username, DateTime movedAt) => $"{Actor(username)}#moves/{UnixSeconds(movedAt)}";

    public string ActorDelete(string username) => $"{Actor(username)}#delete";

    /// <summary>The Undo of a local boost, in Mastodon's layout.</summary>
    public string UndoReblog(string username, long boostId) => $"{Actor(username)}#announces/{boostId}/undo";

    public string StatusReplies(string username, long statusId) => $"{StatusUri(username, statusId)}/replies";

    /// <summary>A page of a status's replies: its author's own (after <paramref name="minId"/>), then everyone else's.</summary>
    public string StatusRepliesPage(string username, long statusId, long? minId, bool onlyOtherAccounts)
    {
        var query = "?page=true";
        if (onlyOtherAccounts)
        {
            query += "&only_other_accounts=true";
        }
        if (minId is { } min)
        {
            query += $"&min_id={min}";
        }
        return StatusReplies(username, statusId) + query;
    }

    /// <summary>A page of the outbox, newest first: before <paramref name="maxId"/> or just after <paramref name="minId"/>.</summary>
    public string OutboxPage(string username, long? maxId = null, long? minId = null)
    {
        var query = "?page=true";
        if (maxId is { } max)
        {
            query += $"&max_id={max}";
        }
        if (minId is { } min)
        {
            query += $"&min_id={min}";
        }
        return Outbox(username) + query;
    }

    /// <summary>A numbered page (from 1) of the followers collection, as Mastodon numbers them.</summary>
    public string FollowersPage(string username, int page) => $"{Followers(username)}?page={page}";

    public string FollowingPage(string username, int page) => $"{Following(username)}?page={page}";

    private static long UnixSeconds(DateTime time) =>
        new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();

    /// <summary>"user" for local accounts, "user@domain" for remote ones, as Mastodon's <c>acct</c>.</summary>
    public static string Acct(Account account) => account.Domain is null ? account.Username : $"{account.Username}@{account.Domain}";
}
