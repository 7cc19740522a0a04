using System.Text.RegularExpressions;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Mapping;

/// <summary>
/// Reads an actor document onto a remote <see cref="Account"/>: profile, addresses, flags. Everything the remote server
/// wrote as HTML (the bio, profile field values) goes through <see cref="RemoteHtml"/>, names stay plain text, and every
/// URL is checked to be an absolute http(s) URL, so nothing unsafe reaches a page or an API answer.
/// </summary>
public sealed partial class ActorMapper(RemoteHtml html)
{
    /// <summary>Profile fields kept from a remote profile (Mastodon shows four of its own; others allow more).</summary>
    public const int MaxFields = 16;

    public const int MaxAlsoKnownAs = 32;

    private const int MaxUsernameLength = 255;
    private const int MaxDisplayNameLength = 255;
    private const int MaxNoteLength = 20_000;
    private const int MaxFieldLength = 2_000;
    private const int MaxUrlLength = 2_048;

    /// <summary>Why an actor cannot become an account, or null when it can.</summary>
    public static string? Problem(Actor actor)
    {
        if (!TryHttpUrl(actor.Id, out var id))
        {
            return "its id is not an absolute http(s) URL";
        }
        if (actor.Id!.Length > MaxUrlLength)
        {
            return "its id is too long";
        }
        if (!IsUsableUsername(actor.PreferredUsername))
        {
            return $"its preferredUsername '{Shorten(actor.PreferredUsername)}' is missing or not a username";
        }
        if (!TryHttpUrl(actor.Inbox, out var inbox) || !SameHost(inbox, id))
        {
            return "its inbox is missing or not on its own server";
        }
        return null;
    }

    /// <summary>The domain part of a remote account's handle: the actor id's host, with its port when not the default.</summary>
    public static string DomainOf(string actorId) => new Uri(actorId).Authority.ToLowerInvariant();

    /// <summary>Copies the actor onto the account; call only for an actor <see cref="Problem"/> accepts.</summary>
    public void Apply(Actor actor, Account account, DateTime now)
    {
        var id = new Uri(actor.Id!);
        var username = actor.PreferredUsername!.Trim();
        account.Username = username;
        account.UsernameNormalized = username.ToLowerInvariant();
        account.Domain = DomainOf(actor.Id!);
        account.Uri = actor.Id;
        // A name is plain text, as Mastodon reads it: shown encoded wherever it appears, like a local one.
        account.DisplayName = Shorten(OneLine(actor.Name), MaxDisplayNameLength);
        var summary = Shorten(actor.Summary, MaxNoteLength);
        account.NoteHtml = html.Sanitize(summary);
        account.Note = html.ToPlainText(summary);
        account.Fields = actor.Attachment.OfType<PropertyValue>()
            .Where(f => !string.IsNullOrWhiteSpace(f.Name))
            .Take(MaxFields)
            .Select(f =>
            {
                var value = Shorten(f.Value, MaxFieldLength);
                return new ProfileField(Shorten(OneLine(f.Name), MaxDisplayNameLength), OneLine(html.ToPlainText(value)), html.Sanitize(value));
            })
            .ToList();
        account.Locked = actor.ManuallyApprovesFollowers ?? false;
        account.ActorType = actor switch
        {
            Service => ActorType.Service,
            Application => ActorType.Application,
            Starling.ActivityPub.Vocabulary.Group => ActorType.Group,
            Organization => ActorType.Organization,
            _ => ActorType.Person,
        };
        account.Bot = actor is Service or Application;
        // Mastodon treats an actor that does not say as neither discoverable nor indexable.
        account.Discoverable = actor.Discoverable ?? false;
        account.Indexable = actor.Indexable ?? false;
        account.Url = HttpUrlOrNull(actor.Url?.Id) ?? actor.Id;
        account.InboxUrl = actor.Inbox;
        account.SharedInboxUrl = SameHostUrlOrNull(actor.Endpoints?.SharedInbox, id);
        account.OutboxUrl = SameHostUrlOrNull(actor.Outbox, id);
        account.FollowersUrl = SameHostUrlOrNull(actor.Followers, id);
        account.FollowingUrl = SameHostUrlOrNull(actor.Following, id);
        account.FeaturedUrl = SameHostUrlOrNull(actor.Featured, id);
        account.AvatarRemoteUrl = HttpUrlOrNull(actor.Icon?.Url?.Id);
        account.HeaderRemoteUrl = HttpUrlOrNull(actor.Image?.Url?.Id);
        account.AlsoKnownAs = actor.AlsoKnownAs.Select(HttpUrlOrNull).OfType<string>().Distinct(StringComparer.Ordinal).Take(MaxAlsoKnownAs).ToList();
        account.FetchedAt = now;
        account.UpdatedAt = now;
        if (account.CreatedAt == default)
        {
            // A published date in the future would sort the account oddly; Mastodon takes it only when plausible.
            account.CreatedAt = actor.Published is { } published && published.UtcDateTime <= now ? published.UtcDateTime : now;
        }
    }

    /// <summary>
    /// The actor's RSA key as (key id, PEM), when it publishes one it owns: the key's id on the actor's own server and
    /// its owner, when named, the actor itself.
    /// </summary>
    public static (string KeyId, string Pem)? OwnedKey(Actor actor)
    {
        var key = actor.PublicKey;
        if (key?.Id is not { } keyId || string.IsNullOrWhiteSpace(key.PublicKeyPem) || keyId.Length > MaxUrlLength
            || !TryHttpUrl(keyId, out var keyUrl) || !TryHttpUrl(actor.Id, out var id) || !SameHost(keyUrl, id))
        {
            return null;
        }
        if (key.Owner is not null && key.Owner != actor.Id)
        {
            return null;
        }
        return (keyId, key.PublicKeyPem!);
    }

    private static bool IsUsableUsername(string? username)
    {
        var trimmed = username?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.Length <= MaxUsernameLength
            && !trimmed.Any(c => c is '@' or '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c));
    }

    private static bool TryHttpUrl(string? value, out Uri url)
    {
        if (value is not null && Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(parsed.UserInfo))
        {
            url = parsed;
            return true;
        }
        url = null!;
        return false;
    }

    private static string? HttpUrlOrNull(string? value) =>
        value is not null && value.Length <= MaxUrlLength && TryHttpUrl(value, out _) ? value : null;

    /// <summary>Collections and inboxes must be on the actor's own server; one that points elsewhere is dropped.</summary>
    private static string? SameHostUrlOrNull(string? value, Uri actorId) =>
        HttpUrlOrNull(value) is { } url && SameHost(new Uri(url), actorId) ? url : null;

    private static bool SameHost(Uri a, Uri b) => string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string? text, int max = 64)
    {
        text ??= "";
        return text.Length <= max ? text : text[..max];
    }

    private static string OneLine(string? text) => string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
