using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.Text;
using Starling.Server.Options;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// Stores what other servers publish: a remote post, its edits and its deletion. It raises the events local posting
/// raises, so home feeds, notifications, polls and direct conversations treat a remote post as they treat a local one.
/// Receiving the same post twice stores it once.
/// </summary>
public sealed class ReceiveRemoteStatus(
    AppDbContext db,
    StatusComposer composer,
    DeleteStatus deletes,
    DomainEventCollector events,
    MediaFiles mediaFiles,
    IdGenerator ids,
    TimeProvider time,
    IOptions<StarlingOptions> options)
{
    /// <summary>
    /// As on Mastodon, a post older than this when it arrives (a parent fetched for a reply, a late delivery) is stored
    /// but not pushed into homes or notified about: nobody should be told today of something said last week.
    /// </summary>
    public static readonly TimeSpan RealtimeWindow = TimeSpan.FromHours(6);

    /// <summary>Files kept per post, as many as a local post may have.</summary>
    public const int MaxMedia = 4;

    /// <returns>The stored status, or the one stored when it arrived before; null when its author deleted it before it arrived.</returns>
    public async Task<Status?> CreateAsync(RemoteStatusDraft draft, CancellationToken cancellationToken = default)
    {
        // One query answers what storing a post must know first, as a busy inbox stores thousands: the author, whether
        // the post is here already or was deleted before it arrived, and whether replies to it came before it.
        var uri = draft.Uri;
        var lookup = await db.Accounts.Where(a => a.Id == draft.AuthorId)
            .Select(a => new
            {
                Author = a,
                Known = db.Statuses.Any(s => s.Uri == uri),
                Deleted = db.Tombstones.Any(t => t.Uri == uri),
                RepliesWaiting = db.Statuses.Any(s => s.InReplyToUri == uri && s.InReplyToId == null),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (lookup is { Known: true })
        {
            return await FindAsync(uri, cancellationToken);
        }
        if (lookup is { Deleted: true })
        {
            return null;
        }
        var author = RemoteAuthor(lookup?.Author, uri);
        var repliesWaiting = lookup is { RepliesWaiting: true };
        var now = time.GetUtcNow().UtcDateTime;
        // A clock running ahead on the other server must not put its posts above everything else.
        var createdAt = draft.CreatedAt > now ? now : draft.CreatedAt;
        var spoiler = draft.SpoilerText.Trim();
        var status = new Status
        {
            Id = ids.Next(),
            AccountId = author.Id,
            Account = author,
            Uri = draft.Uri,
            Url = draft.Url,
            ContentHtml = draft.ContentHtml,
            SpoilerText = spoiler,
            Sensitive = draft.Sensitive || spoiler.Length > 0,
            Visibility = draft.Visibility,
            Language = Language(draft.Language),
            CreatedAt = createdAt,
            EditedAt = draft.EditedAt is { } edited && edited > createdAt ? edited : null,
        };
        status.ConversationId = status.Id;
        var parent = draft.InReplyToId is { } parentId
            ? await db.Statuses.FirstOrDefaultAsync(s => s.Id == parentId && s.ReblogOfId == null, cancellationToken)
            : null;
        if (parent is not null)
        {
            status.InReplyToId = parent.Id;
            status.InReplyToAccountId = parent.AccountId;
            status.ConversationId = parent.ConversationId;
            parent.RepliesCount++;
        }
        else
        {
            status.InReplyToUri = draft.InReplyToUri;
        }
        StatusComposer.ReplaceMentions(status, await KnownAccountsAsync(draft.MentionedAccountIds, cancellationToken));
        await composer.ReplaceTagsAsync(status, TagNames(draft.TagNames), cancellationToken);
        AddMedia(status, draft.Media, now);
        if (draft.Poll is { } poll)
        {
            status.Poll = NewPoll(status, poll, now);
        }
        db.Statuses.Add(status);
        author.StatusesCount++;
        if (author.LastStatusAt is null || author.LastStatusAt < createdAt)
        {
            author.LastStatusAt = createdAt;
        }
        if (repliesWaiting)
        {
            await AdoptWaitingRepliesAsync(status, cancellationToken);
        }
        if (createdAt > now - RealtimeWindow)
        {
            events.Raise(new StatusCreated(status));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same post arrived twice at once (a shared and a personal inbox): the other delivery stored it.
            db.ChangeTracker.Clear();
            return await FindAsync(draft.Uri, cancellationToken) ?? throw new InvalidOperationException($"The status {draft.Uri} could not be stored.");
        }
        return status;
    }

    /// <summary>
    /// Applies an edit its author published. A change of text, warning, sensitivity, poll options or files is an edit
    /// kept in the history (the original enters it first, as with local edits); an update that only brings new poll
    /// counts is not. An edit older than the version held is stale and ignored.
    /// </summary>
    /// <returns>The status as it is now; null when it is not known here, so there is nothing to edit.</returns>
    public async Task<Status?> UpdateAsync(RemoteStatusDraft draft, CancellationToken cancellationToken = default)
    {
        var status = await db.Statuses.Include(s => s.Account).Include(s => s.Mentions).Include(s => s.Tags).Include(s => s.Poll)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Uri == draft.Uri && s.ReblogOfId == null, cancellationToken);
        if (status is null)
        {
            return null;
        }
        if (status.AccountId != draft.AuthorId)
        {
            throw DomainException.Forbidden("This status belongs to someone else.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var spoiler = draft.SpoilerText.Trim();
        var sensitive = draft.Sensitive || spoiler.Length > 0;
        var media = await db.MediaAttachments.Where(m => m.StatusId == status.Id).OrderBy(m => m.Position).ToListAsync(cancellationToken);
        var newMedia = draft.Media.Take(MaxMedia).ToList();
        var sameFiles = media.Select(m => m.RemoteUrl).SequenceEqual(newMedia.Select(m => (string?)m.RemoteUrl));
        var sameDescriptions = media.Select(m => m.Description ?? "").SequenceEqual(newMedia.Select(m => m.Description ?? ""));
        var edited = status.ContentHtml != draft.ContentHtml
            || status.SpoilerText != spoiler
            || status.Sensitive != sensitive
            || !SamePollOptions(status.Poll, draft.Poll)
            || !sameFiles
            || !sameDescriptions;
        if (edited && draft.EditedAt is { } editedAt && status.EditedAt is { } heldEdit && editedAt <= heldEdit)
        {
            return status;
        }
        if (edited && !await db.StatusEdits.AnyAsync(e => e.StatusId == status.Id, cancellationToken))
        {
            db.StatusEdits.Add(Snapshot(status, status.CreatedAt));
        }
        status.Language = Language(draft.Language) ?? status.Language;
        StatusComposer.ReplaceMentions(status, await KnownAccountsAsync(draft.MentionedAccountIds, cancellationToken));
        await composer.ReplaceTagsAsync(status, TagNames(draft.TagNames), cancellationToken);
        await UpdatePollAsync(status, draft.Poll, now, cancellationToken);
        if (!edited)
        {
            await db.SaveChangesAsync(cancellationToken);
            return status;
        }
        status.ContentHtml = draft.ContentHtml;
        status.SpoilerText = spoiler;
        status.Sensitive = sensitive;
        status.EditedAt = draft.EditedAt is { } at && at > status.CreatedAt && at <= now ? at : now;
        if (!sameFiles)
        {
            db.MediaAttachments.RemoveRange(media);
            AddMedia(status, newMedia, now);
        }
        else
        {
            for (var i = 0; i < media.Count; i++)
            {
                media[i].Description = newMedia[i].Description;
                media[i].UpdatedAt = now;
            }
        }
        db.StatusEdits.Add(Snapshot(status, status.EditedAt.Value));
        events.Raise(new StatusEdited(status));
        await db.SaveChangesAsync(cancellationToken);
        if (!sameFiles)
        {
            // The replaced files' cached copies, once the rows that named them are gone.
            await mediaFiles.RemoveAsync(media);
        }
        return status;
    }

    /// <summary>
    /// Deletes the author's status or boost with this ActivityPub id, and remembers the id, so a copy that arrives
    /// after its deletion (deliveries overtake each other) is not stored.
    /// </summary>
    /// <returns>Whether there was something to delete.</returns>
    public async Task<bool> DeleteAsync(long authorId, string uri, CancellationToken cancellationToken = default)
    {
        var author = await RemoteAuthorAsync(authorId, uri, cancellationToken);
        if (await db.Statuses.AnyAsync(s => s.Uri == uri && s.AccountId != author.Id, cancellationToken))
        {
            throw DomainException.Forbidden("This status belongs to someone else.");
        }
        if (!await db.Tombstones.AnyAsync(t => t.Uri == uri, cancellationToken))
        {
            db.Tombstones.Add(new Tombstone { Uri = uri, FormerType = "Note", DeletedAt = time.GetUtcNow().UtcDateTime });
        }
        var statusId = await db.Statuses.Where(s => s.Uri == uri && s.AccountId == author.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        try
        {
            if (statusId is not { } id)
            {
                await db.SaveChangesAsync(cancellationToken);
                return false;
            }
            // Remote files go with their post (and their cached copies with them) rather than wait to be attached again.
            var media = await db.MediaAttachments.Where(m => m.StatusId == id).ToListAsync(cancellationToken);
            db.MediaAttachments.RemoveRange(media);
            await deletes.DeleteAsync(author.Id, id, cancellationToken: cancellationToken);
            await mediaFiles.RemoveAsync(media);
            return true;
        }
        catch (DbUpdateException)
        {
            // The same Delete processed twice at once: the other one did the work.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A stored status by ActivityPub id, with its author.</summary>
    public Task<Status?> FindAsync(string uri, CancellationToken cancellationToken = default) =>
        db.Statuses.Include(s => s.Account).FirstOrDefaultAsync(s => s.Uri == uri, cancellationToken);

    /// <summary>The author, who must be a remote account in good standing publishing under its own server's ids.</summary>
    private async Task<Account> RemoteAuthorAsync(long authorId, string uri, CancellationToken cancellationToken) =>
        RemoteAuthor(await db.Accounts.FirstOrDefaultAsync(a => a.Id == authorId, cancellationToken), uri);

    private static Account RemoteAuthor(Account? author, string uri)
    {
        if (author is null)
        {
            throw DomainException.NotFound("Account");
        }
        if (author.IsLocal || author.Uri is null)
        {
            throw DomainException.Invalid("Only a remote account publishes remote statuses.");
        }
        if (author.IsSuspended)
        {
            throw DomainException.Forbidden("A suspended account cannot post.");
        }
        if (!SameHost(uri, author.Uri))
        {
            throw DomainException.Forbidden("A server may only publish statuses under its own addresses.");
        }
        return author;
    }

    /// <summary>
    /// Replies stored before this post arrived now hang under it, and their threads join its thread (a thread is
    /// found by its root's conversation id, so each reply's whole subthread moves with it).
    /// </summary>
    private async Task AdoptWaitingRepliesAsync(Status parent, CancellationToken cancellationToken)
    {
        var waiting = await db.Statuses.Where(s => s.InReplyToUri == parent.Uri && s.InReplyToId == null).ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return;
        }
        var movedThreads = waiting.Select(r => r.ConversationId).Distinct().ToList();
        foreach (var member in await db.Statuses.Where(s => movedThreads.Contains(s.ConversationId)).ToListAsync(cancellationToken))
        {
            member.ConversationId = parent.ConversationId;
        }
        foreach (var reply in waiting)
        {
            reply.InReplyToId = parent.Id;
            reply.InReplyToAccountId = parent.AccountId;
            reply.InReplyToUri = null;
            parent.RepliesCount++;
        }
    }

    private async Task<IReadOnlyList<long>> KnownAccountsAsync(IReadOnlyList<long> accountIds, CancellationToken cancellationToken)
    {
        var wanted = accountIds.Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Accounts.Where(a => wanted.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
    }

    private void AddMedia(Status status, IEnumerable<RemoteMediaDraft> media, DateTime now)
    {
        var position = 0;
        foreach (var file in media.Take(MaxMedia))
        {
            status.MediaAttachments.Add(new MediaAttachment
            {
                Id = ids.Next(),
                AccountId = status.AccountId,
                StatusId = status.Id,
                Position = position++,
                Type = file.Type,
                // Shown from its server until the media worker has cached it here (or for good, when caching is off).
                State = options.Value.Media.CacheRemoteMedia ? MediaState.Processing : MediaState.Ready,
                ContentType = file.ContentType,
                FilePath = "",
                RemoteUrl = file.RemoteUrl,
                Width = file.Width,
                Height = file.Height,
                Blurhash = file.Blurhash,
                DurationSeconds = file.DurationSeconds,
                Description = string.IsNullOrWhiteSpace(file.Description) ? null : file.Description,
                FocusX = file.FocusX,
                FocusY = file.FocusY,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
    }

    private Poll NewPoll(Status status, RemotePollDraft draft, DateTime now)
    {
        var tallies = Tallies(draft);
        return new Poll
        {
            Id = ids.Next(),
            StatusId = status.Id,
            AccountId = status.AccountId,
            Options = [.. draft.Options],
            Tallies = tallies,
            Multiple = draft.Multiple,
            ExpiresAt = draft.ExpiresAt,
            VotesCount = tallies.Sum(),
            VotersCount = draft.VotersCount ?? (draft.Multiple ? 0 : tallies.Sum()),
            CreatedAt = now,
        };
    }

    /// <summary>New options replace the poll's votes (they were for other choices); the same options take the new counts.</summary>
    private async Task UpdatePollAsync(Status status, RemotePollDraft? draft, DateTime now, CancellationToken cancellationToken)
    {
        if (draft is null)
        {
            if (status.Poll is { } removed)
            {
                db.Polls.Remove(removed);
                status.Poll = null;
            }
            return;
        }
        if (status.Poll is not { } poll)
        {
            status.Poll = NewPoll(status, draft, now);
            db.Polls.Add(status.Poll);
            return;
        }
        if (!SamePollOptions(poll, draft))
        {
            db.PollVotes.RemoveRange(await db.PollVotes.Where(v => v.PollId == poll.Id).ToListAsync(cancellationToken));
            poll.Options = [.. draft.Options];
        }
        var tallies = Tallies(draft);
        poll.Tallies = tallies;
        poll.VotesCount = tallies.Sum();
        poll.VotersCount = draft.VotersCount ?? (draft.Multiple ? poll.VotersCount : tallies.Sum());
        poll.Multiple = draft.Multiple;
        poll.ExpiresAt = draft.ExpiresAt;
    }

    private static bool SamePollOptions(Poll? poll, RemotePollDraft? draft) =>
        (poll, draft) switch
        {
            (null, null) => true,
            ({ } p, { } d) => p.Options.SequenceEqual(d.Options, StringComparer.Ordinal) && p.Multiple == d.Multiple,
            _ => false,
        };

    private static List<int> Tallies(RemotePollDraft draft) =>
        [.. Enumerable.Range(0, draft.Options.Count).Select(i => i < draft.Tallies.Count ? Math.Max(0, draft.Tallies[i]) : 0)];

    private StatusEdit Snapshot(Status status, DateTime at) => new()
    {
        Id = ids.Next(),
        StatusId = status.Id,
        Text = status.Text,
        ContentHtml = status.ContentHtml,
        SpoilerText = status.SpoilerText,
        Sensitive = status.Sensitive,
        PollOptions = status.Poll is { } poll ? [.. poll.Options] : null,
        CreatedAt = at,
    };

    /// <summary>Valid hashtag names, once each whatever their case, in the order first written.</summary>
    private static List<string> TagNames(IEnumerable<string> names) =>
        [.. names.Select(n => n.Trim().TrimStart('#')).Where(TextTokenizer.IsHashtagName).DistinctBy(n => n.ToLowerInvariant())];

    /// <summary>Another server's language tag, kept when it looks like one (ISO 639, optionally with a region), else dropped.</summary>
    private static string? Language(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }
        var code = language.Trim().ToLowerInvariant();
        return code.Length is >= 2 and <= 8 && code.All(c => char.IsAsciiLetterLower(c) || c == '-') ? code : null;
    }

    internal static bool SameHost(string uri, string otherUri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var first) && System.Uri.TryCreate(otherUri, UriKind.Absolute, out var second)
        && string.Equals(first.Host, second.Host, StringComparison.OrdinalIgnoreCase);
}
