using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Mention = Starling.ActivityPub.Vocabulary.Mention;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>
/// Local statuses as ActivityStreams objects, shaped like Mastodon's: a <see cref="Note"/>, or a <see cref="Question"/>
/// when the status has a poll. <c>content</c> is the stored HTML; nothing is rendered again.
/// </summary>
public sealed class NoteBuilder(LocalUrls urls, StatusAddressing addressing, TimeProvider time)
{
    /// <summary>A local status (not a boost: that is an Announce) as its Note or Question.</summary>
    public ActivityObject Build(StatusSource source)
    {
        var status = source.Status;
        if (!status.Account.IsLocal || status.IsReblog)
        {
            throw new ArgumentException("Only local statuses that are not boosts become notes.", nameof(source));
        }
        var username = status.Account.Username;
        var audience = addressing.For(status);
        ActivityObject note = status.Poll is { } poll ? Question(poll) : new Note();
        note.Id = urls.StatusUri(username, status.Id);
        note.Summary = status.SpoilerText.Length > 0 ? status.SpoilerText : null;
        note.InReplyTo = source.InReplyToUri is { } parent ? ObjectReference.FromUri(parent) : null;
        note.Published = DocumentTimes.Utc(status.CreatedAt);
        note.Updated = DocumentTimes.Utc(status.EditedAt);
        note.Url = urls.Status(username, status.Id);
        note.AttributedTo = urls.Actor(username);
        note.To = audience.To.Select(ObjectReference.FromUri).ToList();
        note.Cc = audience.Cc.Select(ObjectReference.FromUri).ToList();
        note.Sensitive = status.Sensitive;
        note.Content = status.ContentHtml;
        note.ContentMap = string.IsNullOrEmpty(status.Language) ? null : new Dictionary<string, string> { [status.Language] = status.ContentHtml };
        note.Attachment = status.MediaAttachments.Where(m => m.IsReady).Select(Document).ToList();
        note.Tag = [.. Mentions(status), .. Hashtags(status)];
        note.Replies = Replies(username, status.Id, source.SelfReplyIds);
        return note;
    }

    /// <summary>Mentions in a fixed order, each named <c>@user@domain</c> (local accounts too, so no reader has to guess the host).</summary>
    private IEnumerable<ActivityObject> Mentions(Status status) =>
        status.Mentions.OrderBy(m => m.AccountId).Select(m => new Mention
        {
            Href = urls.ActorUri(m.Account),
            Name = $"@{m.Account.Username}@{m.Account.Domain ?? urls.Domain}",
        });

    private IEnumerable<ActivityObject> Hashtags(Status status) =>
        status.Tags.OrderBy(t => t.TagId).Select(t => new Hashtag { Href = urls.Tag(t.Tag.Name), Name = $"#{t.Tag.DisplayName}" });

    private Document Document(MediaAttachment media) => new()
    {
        MediaType = media.ContentType,
        Url = urls.MediaFile(media.Id, Path.GetFileName(media.FilePath)),
        Name = string.IsNullOrEmpty(media.Description) ? null : media.Description,
        Width = media.Width,
        Height = media.Height,
        FocalPoint = media is { FocusX: { } x, FocusY: { } y } ? [x, y] : null,
        Blurhash = media.Blurhash,
        // Mastodon sends none and ignores it; PeerTube, Funkwhale and Starling read it to show a length before caching.
        Duration = media is { Type: MediaType.Video or MediaType.Gifv or MediaType.Audio, DurationSeconds: > 0 and var seconds }
            ? TimeSpan.FromSeconds(Math.Min(seconds, ActivityPub.Vocabulary.Document.LongestDuration.TotalSeconds))
            : null,
    };

    /// <summary>
    /// The replies collection with its first page inline, as Mastodon makes it: the author's own replies first (a
    /// thread can be read without another request), then a link to the next page, which goes on with the author's
    /// later replies or turns to everyone else's.
    /// </summary>
    private Collection Replies(string username, long statusId, IReadOnlyList<long> selfReplyIds)
    {
        var id = urls.StatusReplies(username, statusId);
        return new Collection
        {
            Id = id,
            First = new CollectionPage
            {
                PartOf = id,
                Items = selfReplyIds.Select(reply => ObjectReference.FromUri(urls.StatusUri(username, reply))).ToList(),
                Next = selfReplyIds.Count > 0
                    ? urls.StatusRepliesPage(username, statusId, selfReplyIds[^1], onlyOtherAccounts: false)
                    : urls.StatusRepliesPage(username, statusId, null, onlyOtherAccounts: true),
            },
        };
    }

    /// <summary>
    /// A poll: its options with their tallies (kept back until the end when the author hid them, as Mastodon does),
    /// when it ends and, once ended, when it closed.
    /// </summary>
    private Question Question(Poll poll)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expired = poll.IsExpiredAt(now);
        var showTotals = expired || !poll.HideTotals;
        var options = poll.Options.Select((title, index) => new Note
        {
            Name = title,
            Replies = new Collection { TotalItems = showTotals ? (index < poll.Tallies.Count ? poll.Tallies[index] : 0) : null },
        }).ToList();
        return new Question
        {
            OneOf = poll.Multiple ? [] : options,
            AnyOf = poll.Multiple ? options : [],
            EndTime = DocumentTimes.Utc(poll.ExpiresAt),
            Closed = expired ? DocumentTimes.Utc(poll.ExpiresAt) : null,
            VotersCount = poll.VotersCount,
        };
    }
}
