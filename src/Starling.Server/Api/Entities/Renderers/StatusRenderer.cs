using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Statuses as Mastodon clients expect them, from what <see cref="StatusLoader"/> loads. A boost is its own status with
/// empty content that carries the boosted one in <c>reblog</c>; the viewer's flags sit on the boosted status, as on
/// Mastodon, where the boost itself is never favourited, boosted, bookmarked or pinned. <c>content</c> is the HTML the
/// web UI shows. Starling has no link previews or custom emoji yet: those are <c>[]</c> and <c>null</c>.
/// </summary>
public sealed class StatusRenderer(AccountRenderer accounts, TagRenderer tags, PollRenderer polls, LocalUrls urls, MediaAttachmentRenderer media, FilterRenderer filters)
{
    /// <param name="view">A status as <see cref="StatusLoader"/> loaded it for <paramref name="viewerId"/>.</param>
    /// <param name="viewerId">The signed-in viewer, or null for an anonymous one (who gets no viewer flags).</param>
    /// <param name="sourceRequested">Send the typed <c>text</c> instead of <c>content</c>, as Mastodon does when deleting for redraft.</param>
    /// <param name="filtered">The viewer's filter matches by status id, from <see cref="FilterMatcher.MatchAsync"/>; statuses without an entry get <c>[]</c>.</param>
    public StatusEntity Render(StatusView view, long? viewerId, bool sourceRequested = false,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null)
    {
        var own = new ViewerFlags(view.Favourited, view.Reblogged, view.Bookmarked, view.Pinned, view.Muted, view.OwnVotes);
        if (view.Status.ReblogOf is not { } original)
        {
            return Render(view.Status, viewerId, own, null, sourceRequested, filtered);
        }
        var reblog = Render(original, viewerId, own, null, sourceRequested, filtered);
        return Render(view.Status, viewerId, ViewerFlags.None, reblog, sourceRequested, filtered);
    }

    public IReadOnlyList<StatusEntity> Render(IEnumerable<StatusView> views, long? viewerId,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null) =>
        views.Select(view => Render(view, viewerId, filtered: filtered)).ToList();

    /// <summary>The thread around a status (GET /api/v1/statuses/:id/context).</summary>
    public ContextEntity RenderContext(StatusThread thread, long? viewerId,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null) => new()
    {
        Ancestors = Render(thread.Ancestors, viewerId, filtered),
        Descendants = Render(thread.Descendants, viewerId, filtered),
    };

    /// <summary>The text behind a status, for its author's edit form.</summary>
    public StatusSourceEntity RenderSource(Status status) => new()
    {
        Id = EntityIds.Of(status.Id),
        Text = status.Text,
        SpoilerText = status.SpoilerText,
    };

    /// <summary>A status's versions, oldest first, as <see cref="EditStatus.HistoryAsync"/> returns them.</summary>
    public IReadOnlyList<StatusEditEntity> RenderHistory(Account author, IEnumerable<StatusEdit> edits)
    {
        var account = accounts.Render(author);
        return edits.Select(edit => new StatusEditEntity
        {
            Content = edit.ContentHtml,
            SpoilerText = edit.SpoilerText,
            Sensitive = edit.Sensitive,
            CreatedAt = edit.CreatedAt,
            Account = account,
            MediaAttachments = [],
            Poll = edit.PollOptions is { } options ? new StatusEditPollEntity { Options = options.Select(o => new StatusEditPollOptionEntity { Title = o }).ToList() } : null,
            Emojis = [],
        }).ToList();
    }

    private StatusEntity Render(Status status, long? viewerId, ViewerFlags flags, StatusEntity? reblog, bool sourceRequested,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered)
    {
        var signedIn = viewerId is not null;
        // Mastodon offers pinning only on the viewer's own posts that reach beyond the people mentioned.
        var pinnable = signedIn && viewerId == status.AccountId && !status.IsReblog && status.Visibility != Visibility.Direct;
        return new StatusEntity
        {
            Id = EntityIds.Of(status.Id),
            CreatedAt = status.CreatedAt,
            InReplyToId = EntityIds.Of(status.InReplyToId),
            InReplyToAccountId = EntityIds.Of(status.InReplyToAccountId),
            Sensitive = status.Sensitive,
            SpoilerText = status.SpoilerText,
            Visibility = VisibilityNames.Of(status.Visibility),
            Language = status.Language,
            Uri = Uri(status),
            Url = Url(status),
            RepliesCount = status.RepliesCount,
            ReblogsCount = status.ReblogsCount,
            FavouritesCount = status.FavouritesCount,
            EditedAt = status.EditedAt,
            Favourited = signedIn ? flags.Favourited : null,
            Reblogged = signedIn ? flags.Reblogged : null,
            Muted = signedIn ? flags.Muted : null,
            Bookmarked = signedIn ? flags.Bookmarked : null,
            Pinned = pinnable ? flags.Pinned : null,
            Filtered = signedIn ? filtered?.GetValueOrDefault(status.Id)?.Select(filters.RenderResult).ToList() ?? [] : null,
            Content = sourceRequested ? null : status.ContentHtml,
            Text = sourceRequested ? status.Text : null,
            Reblog = reblog,
            Account = accounts.Render(status.Account),
            MediaAttachments = media.Render(status.MediaAttachments),
            // Ordered by id so that a status renders the same on every database.
            Mentions = status.Mentions.OrderBy(m => m.AccountId).Select(Mention).ToList(),
            Tags = status.Tags.OrderBy(t => t.TagId).Select(t => tags.RenderStatusTag(t.Tag)).ToList(),
            Emojis = [],
            Card = null,
            Poll = status.Poll is { } poll ? polls.Render(poll, viewerId, flags.OwnVotes) : null,
        };
    }

    private MentionEntity Mention(Mention mention) => new()
    {
        Id = EntityIds.Of(mention.AccountId),
        Username = mention.Account.Username,
        Url = urls.Profile(mention.Account),
        Acct = LocalUrls.Acct(mention.Account),
    };

    /// <summary>A remote status's ActivityPub id (a remote boost's: its Announce); its page here when it has none stored.</summary>
    private string Uri(Status status) => status.Account.IsLocal
        ? status.IsReblog ? urls.ReblogActivityUri(status.Account.Username, status.Id) : urls.StatusUri(status.Account.Username, status.Id)
        : status.Uri ?? urls.Status(status.Account, status.Id);

    /// <summary>A boost has no page of its own: Mastodon links it to its activity. A remote post links to its page on its own server.</summary>
    private string Url(Status status) => status.Account.IsLocal
        ? status.IsReblog ? urls.ReblogActivityUri(status.Account.Username, status.Id) : urls.Status(status.Account, status.Id)
        : (status.IsReblog ? status.Uri : status.Url ?? status.Uri) ?? urls.Status(status.Account, status.Id);

    private sealed record ViewerFlags(bool Favourited, bool Reblogged, bool Bookmarked, bool Pinned, bool Muted, IReadOnlyList<int>? OwnVotes)
    {
        public static ViewerFlags None { get; } = new(false, false, false, false, false, null);
    }
}
