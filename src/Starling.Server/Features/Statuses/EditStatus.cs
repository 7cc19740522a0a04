using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;
using Starling.Server.Features.Polls;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>What an author submits when editing a post.</summary>
/// <param name="Language">Null keeps the post's language.</param>
/// <param name="ReplacePoll">
/// Whether <paramref name="Poll"/> is the post's new poll (null removes it), as a Mastodon edit says; false keeps the poll
/// as it is (the web UI's edit form has no poll).
/// </param>
/// <param name="MediaIds">The post's files from now on, in order; null keeps them as they are.</param>
/// <param name="MediaAttributes">New alt text and focal points for files among <paramref name="MediaIds"/>, saved with the edit.</param>
public sealed record StatusEditDraft(
    string Text,
    string? SpoilerText = null,
    bool Sensitive = false,
    string? Language = null,
    PollDraft? Poll = null,
    bool ReplacePoll = false,
    IReadOnlyList<long>? MediaIds = null,
    IReadOnlyList<MediaAttributes>? MediaAttributes = null);

/// <summary>Changes a status's text, warning, sensitivity, language and poll, keeping every earlier version in its history.</summary>
public sealed class EditStatus(
    AppDbContext db,
    StatusComposer composer,
    StatusAccess access,
    MediaAttachments media,
    DomainEventCollector events,
    IdGenerator ids,
    TimeProvider time)
{
    public Task<Status> EditAsync(long editorId, long statusId, string text, string? spoilerText, bool sensitive, CancellationToken cancellationToken = default) =>
        EditAsync(editorId, statusId, new StatusEditDraft(text, spoilerText, sensitive), cancellationToken);

    public async Task<Status> EditAsync(long editorId, long statusId, StatusEditDraft draft, CancellationToken cancellationToken = default)
    {
        // Over the network, so before this unit of work loads or changes anything.
        await composer.ResolveRemoteMentionsAsync(draft.Text, cancellationToken);
        var status = await access.FindOwnAsync(statusId, editorId, cancellationToken);
        if (status.IsReblog)
        {
            throw DomainException.Invalid("A boost cannot be edited.");
        }
        var hasMedia = draft.MediaIds is { } mediaIds
            ? mediaIds.Count > 0
            : await db.MediaAttachments.AnyAsync(m => m.StatusId == status.Id, cancellationToken);
        var (newText, spoiler) = composer.Validate(draft.Text, draft.SpoilerText, hasMedia);
        var pollDraft = draft.ReplacePoll && draft.Poll is { } poll ? PollRules.Validate(poll) : null;
        if (draft.ReplacePoll)
        {
            MediaAttachments.RefuseWithPoll(draft.MediaIds?.Count ?? 0, pollDraft is not null);
        }
        var language = draft.Language is null ? status.Language : CreateStatus.NormalizeLanguage(draft.Language);
        // The composer reconciles the existing mentions and tags, so they must be loaded; the poll is part of each version.
        await db.Entry(status).Collection(s => s.Mentions).LoadAsync(cancellationToken);
        await db.Entry(status).Collection(s => s.Tags).LoadAsync(cancellationToken);
        await db.Entry(status).Reference(s => s.Poll).LoadAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        // The original version enters the history on the first edit, as on Mastodon.
        if (!await db.StatusEdits.AnyAsync(e => e.StatusId == status.Id, cancellationToken))
        {
            db.StatusEdits.Add(Snapshot(status, status.CreatedAt));
        }

        status.SpoilerText = spoiler;
        status.Sensitive = draft.Sensitive || spoiler.Length > 0;
        status.Language = language;
        status.EditedAt = now;
        if (draft.ReplacePoll)
        {
            await ReplacePollAsync(status, pollDraft, now, cancellationToken);
        }
        if (draft.MediaIds is { } newMedia)
        {
            await media.ReplaceForStatusAsync(status, newMedia, draft.MediaAttributes, cancellationToken);
        }
        await composer.ApplyContentAsync(status, newText, cancellationToken);
        db.StatusEdits.Add(Snapshot(status, now));
        events.Raise(new StatusEdited(status));
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    public async Task<IReadOnlyList<StatusEdit>> HistoryAsync(long statusId, long? viewerId, CancellationToken cancellationToken = default)
    {
        var status = await access.FindVisibleAsync(statusId, viewerId, cancellationToken);
        var edits = await db.StatusEdits.AsNoTracking().Where(e => e.StatusId == status.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        if (edits.Count > 0)
        {
            return edits;
        }
        status.Poll = await db.Polls.AsNoTracking().FirstOrDefaultAsync(p => p.StatusId == status.Id, cancellationToken);
        return [Snapshot(status, status.CreatedAt)];
    }

    /// <summary>
    /// As on Mastodon: the same poll stays, its end counted again from now; changing its options or its kind clears the
    /// votes cast, which were for other choices.
    /// </summary>
    private async Task ReplacePollAsync(Status status, PollDraft? draft, DateTime now, CancellationToken cancellationToken)
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
            status.Poll = CreateStatus.NewPoll(status, draft, ids.Next(), now);
            db.Polls.Add(status.Poll);
            return;
        }
        if (!poll.Options.SequenceEqual(draft.Options, StringComparer.Ordinal) || poll.Multiple != draft.Multiple)
        {
            // Removed through the change tracker, so they go in the edit's own transaction.
            db.PollVotes.RemoveRange(await db.PollVotes.Where(v => v.PollId == poll.Id).ToListAsync(cancellationToken));
            poll.Options = [.. draft.Options];
            poll.Tallies = [.. draft.Options.Select(_ => 0)];
            poll.VotesCount = 0;
            poll.VotersCount = 0;
        }
        poll.Multiple = draft.Multiple;
        poll.HideTotals = draft.HideTotals;
        poll.ExpiresAt = now.AddSeconds(draft.ExpiresInSeconds);
    }

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
}
