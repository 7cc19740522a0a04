using System.Net;
using System.Text;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;
using Mention = Starling.ActivityPub.Vocabulary.Mention;
using Visibility = Starling.Server.Data.Entities.Visibility;

namespace Starling.Server.Federation.Mapping;

/// <summary>
/// Turns a post another server published (<see cref="Note"/>, <see cref="Question"/>, <see cref="Article"/>,
/// <see cref="Page"/>) into what <see cref="ReceiveRemoteStatus"/> stores, deciding what Mastodon decides: the audience
/// from the addressing, mentions from Mention tags, the content warning from the summary, and an Article or Page
/// shown as its title and a link to it. The caller has already checked that the post is its author's.
/// </summary>
public sealed class NoteMapper(IRemoteAccountResolver accounts, LocalObjects local, RemoteHtml html, DomainBlockPolicy domains, TimeProvider time)
{
    /// <summary>Mentions resolved per post: each unknown one may cost a fetch.</summary>
    public const int MaxMentions = 50;

    /// <summary>Hashtags kept per post.</summary>
    public const int MaxTags = 50;

    /// <summary>Options kept per poll.</summary>
    public const int MaxPollOptions = 20;

    public static bool IsPost(ActivityObject? document) => document is Note or Question or Article or Page;

    /// <param name="parents">Where the post's parent is looked up (and fetched, to a bounded depth) when it replies.</param>
    /// <param name="envelope">The activity that carried the post: its addressing counts when the post has none of its own.</param>
    public async Task<RemoteStatusDraft> MapAsync(ActivityObject post, Account author, IRemoteStatusResolver parents, ActivityObject? envelope, CancellationToken cancellationToken)
    {
        var uri = post.Id ?? throw new ArgumentException("A post without an id cannot be stored.", nameof(post));
        var visibility = VisibilityOf(post, author, envelope);
        var converted = post is Article or Page;
        var url = post.Url?.Id is { } page && Hosts.Same(page, uri) ? page : null;
        var parentUri = post.InReplyTo?.Id;
        var parent = parentUri is null ? null : await parents.ResolveAsync(parentUri, cancellationToken);
        var published = post.Published?.UtcDateTime ?? time.GetUtcNow().UtcDateTime;
        return new RemoteStatusDraft
        {
            AuthorId = author.Id,
            Uri = uri,
            Url = url,
            ContentHtml = converted ? ConvertedContent(post, url ?? uri) : html.Sanitize(post.Content),
            SpoilerText = converted ? "" : Truncate(TextOf(post.Summary), StatusComposer.MaxSpoilerLength),
            Sensitive = post.Sensitive == true,
            Visibility = visibility,
            Language = LanguageOf(post),
            InReplyToId = parent?.Id,
            InReplyToUri = parent is null ? parentUri : null,
            MentionedAccountIds = await MentionsAsync(post, visibility, envelope, cancellationToken),
            TagNames = [.. post.Tag.OfType<Hashtag>().Select(h => h.Name ?? "").Where(n => n.Length > 0).Take(MaxTags)],
            Media = await MediaAsync(post, author, cancellationToken),
            Poll = post is Question question ? PollOf(question, published) : null,
            CreatedAt = published,
            EditedAt = post.Updated is { } updated && updated.UtcDateTime > published ? updated.UtcDateTime : null,
        };
    }

    /// <summary>
    /// As Mastodon decides it: public when the public collection is in <c>to</c>, unlisted when it is in <c>cc</c>,
    /// followers-only when the author's followers collection is in <c>to</c>, and otherwise direct.
    /// </summary>
    public static Visibility VisibilityOf(ActivityObject post, Account author, ActivityObject? envelope = null)
    {
        var to = post.To.Count > 0 ? post.To : envelope?.To ?? [];
        var cc = post.Cc.Count > 0 ? post.Cc : envelope?.Cc ?? [];
        if (to.Any(r => PublicCollection.Matches(r.Id)))
        {
            return Visibility.Public;
        }
        if (cc.Any(r => PublicCollection.Matches(r.Id)))
        {
            return Visibility.Unlisted;
        }
        if (author.FollowersUrl is { } followers && to.Any(r => r.Id == followers))
        {
            return Visibility.Private;
        }
        return Visibility.Direct;
    }

    /// <summary>
    /// The accounts its Mention tags name, resolved (fetched when unknown). A direct message also reaches the local
    /// accounts it is addressed to without a tag, which must be able to see it.
    /// </summary>
    private async Task<IReadOnlyList<long>> MentionsAsync(ActivityObject post, Visibility visibility, ActivityObject? envelope, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var hrefs = post.Tag.OfType<Mention>().Select(m => m.Href).OfType<string>().Distinct().Take(MaxMentions);
        foreach (var href in hrefs)
        {
            var account = local.IsLocal(href)
                ? await local.FindAccountAsync(href, cancellationToken)
                : await accounts.ResolveAsync(href, cancellationToken);
            if (account is not null)
            {
                ids.Add(account.Id);
            }
        }
        if (visibility == Visibility.Direct)
        {
            var addressed = post.To.Concat(post.Cc).Concat(envelope?.To ?? []).Concat(envelope?.Cc ?? [])
                .Select(r => r.Id).Where(local.IsLocal).Distinct().Take(MaxMentions);
            foreach (var uri in addressed)
            {
                if (await local.FindAccountAsync(uri, cancellationToken) is { } account)
                {
                    ids.Add(account.Id);
                }
            }
        }
        return [.. ids.Distinct()];
    }

    /// <summary>Its files, unless its server's (or a file's own server's) media are refused here.</summary>
    private async Task<IReadOnlyList<RemoteMediaDraft>> MediaAsync(ActivityObject post, Account author, CancellationToken cancellationToken)
    {
        if (post.Attachment.Count == 0 || await domains.RejectsMediaAsync(author.Domain, cancellationToken))
        {
            return [];
        }
        var media = new List<RemoteMediaDraft>();
        foreach (var file in post.Attachment.Select(MediaOf).OfType<RemoteMediaDraft>().Take(ReceiveRemoteStatus.MaxMedia))
        {
            if (!await domains.RejectsMediaAsync(Hosts.Of(file.RemoteUrl), cancellationToken))
            {
                media.Add(file);
            }
        }
        return media;
    }

    /// <summary>
    /// One file. Its <c>url</c> may be a plain address or a <c>Link</c> (of several, the protocol library has chosen the
    /// one to play); a link that carries a media type, width or height (as PeerTube writes it, and Fedify's vocabulary
    /// allows) describes that very file, so it wins over what the attachment says (PeerTube and Funkwhale give the
    /// object's own <c>mediaType</c> to its description). A video's or audio's <c>duration</c> is shown until the file
    /// is cached here and probed.
    /// </summary>
    private RemoteMediaDraft? MediaOf(ActivityObject attachment)
    {
        if (attachment is not (Document or Link) || (attachment.Url?.Id ?? (attachment as Link)?.Href) is not { } url || !IsWebAddress(url))
        {
            return null;
        }
        var link = attachment.Url?.Object as Link;
        var contentType = new[] { link?.MediaType, attachment.MediaType }.Select(MediaLinks.Essence).FirstOrDefault(IsMediaType)
            ?? MediaLinks.Essence(attachment.MediaType);
        var type = contentType switch
        {
            { } t when t.StartsWith("image/", StringComparison.Ordinal) => MediaType.Image,
            { } t when t.StartsWith("video/", StringComparison.Ordinal) => MediaType.Video,
            { } t when t.StartsWith("audio/", StringComparison.Ordinal) => MediaType.Audio,
            _ => attachment switch
            {
                Image => MediaType.Image,
                Video => MediaType.Video,
                Audio => MediaType.Audio,
                _ => MediaType.Unknown,
            },
        };
        var document = attachment as Document;
        // Width and height go together: a rendition's height with the original's width would be neither's shape.
        var (width, height) = link is { Width: > 0 } or { Height: > 0 } ? (link.Width, link.Height) : (document?.Width, document?.Height);
        var focus = document?.FocalPoint is [var x, var y] && Math.Abs(x) <= 1 && Math.Abs(y) <= 1 ? (x, y) : ((double, double)?)null;
        return new RemoteMediaDraft(
            url,
            type,
            contentType ?? "application/octet-stream",
            Description: NullIfEmpty(TextOf(attachment.Name)),
            Width: width is > 0 ? width : null,
            Height: height is > 0 ? height : null,
            FocusX: focus?.Item1,
            FocusY: focus?.Item2,
            Blurhash: document?.Blurhash is { Length: >= 6 and <= 100 } hash && hash.All(IsBlurhashDigit) ? hash : null,
            DurationSeconds: type is MediaType.Video or MediaType.Audio ? document?.Duration?.TotalSeconds : null);
    }

    private static bool IsMediaType(string? type) =>
        type is not null && (type.StartsWith("image/", StringComparison.Ordinal) || type.StartsWith("video/", StringComparison.Ordinal)
            || type.StartsWith("audio/", StringComparison.Ordinal));

    /// <summary>Base 83 as blurhash writes it; anything else in a remote hash would break the apps that decode it.</summary>
    private static bool IsBlurhashDigit(char c) =>
        char.IsAsciiLetterOrDigit(c) || "#$%*+,-.:;=?@[]^_{|}~".Contains(c, StringComparison.Ordinal);

    private RemotePollDraft? PollOf(Question question, DateTime published)
    {
        var options = question.Options.Take(MaxPollOptions).ToList();
        if (options.Count == 0)
        {
            return null;
        }
        // A poll that names no end runs as long as the longest local poll may.
        var ends = (question.Closed ?? question.EndTime)?.UtcDateTime ?? published.AddSeconds(PollRules.MaxExpirationSeconds);
        return new RemotePollDraft(
            [.. options.Select(o => TextOf(o.Name))],
            [.. options.Select(Question.VotesFor)],
            ends,
            question.IsMultipleChoice,
            question.VotersCount);
    }

    /// <summary>As Mastodon shows an Article or Page: its title, its summary, and a link to read it where it lives.</summary>
    private string ConvertedContent(ActivityObject post, string link)
    {
        var content = new StringBuilder();
        foreach (var paragraph in new[] { TextOf(post.Name), TextOf(post.Summary) }.Where(p => p.Length > 0))
        {
            content.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }
        var encoded = WebUtility.HtmlEncode(link);
        content.Append("<p><a href=\"").Append(encoded).Append("\" rel=\"").Append(RemoteHtml.LinkRel).Append("\" target=\"_blank\">")
            .Append(encoded).Append("</a></p>");
        return content.ToString();
    }

    /// <summary>The language its content (or else its name or summary) is tagged with.</summary>
    private static string? LanguageOf(ActivityObject post) =>
        post.ContentMap?.Keys.FirstOrDefault() ?? post.NameMap?.Keys.FirstOrDefault() ?? post.SummaryMap?.Keys.FirstOrDefault();

    /// <summary>The text of an HTML fragment (a summary, an option, a description), as a person reads it.</summary>
    private string TextOf(string? fragment) => html.ToPlainText(fragment).Trim();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp);
}
