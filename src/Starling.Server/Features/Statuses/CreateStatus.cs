using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;
using Starling.Server.Features.Polls;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

public sealed class CreateStatus(
    AppDbContext db,
    StatusComposer composer,
    StatusAccess access,
    IdempotencyKeys idempotency,
    MediaAttachments media,
    DomainEventCollector events,
    IdGenerator ids,
    TimeProvider time)
{
    public async Task<Status> CreateAsync(long authorId, StatusDraft draft, CancellationToken cancellationToken = default)
    {
        if (draft.IdempotencyKey is { } key && await FindRepeatAsync(authorId, key, cancellationToken) is { } first)
        {
            return first;
        }
        var mediaIds = draft.MediaIds ?? [];
        var (text, spoiler) = composer.Validate(draft.Text, draft.SpoilerText, hasMedia: mediaIds.Count > 0);
        // Over the network, so before this unit of work changes anything (Mastodon too resolves mentions as it posts).
        await composer.ResolveRemoteMentionsAsync(text, cancellationToken);
        var pollDraft = draft.Poll is { } poll ? PollRules.Validate(poll) : null;
        MediaAttachments.RefuseWithPoll(mediaIds.Count, pollDraft is not null);
        var author = await db.Accounts.FirstOrDefaultAsync(a => a.Id == authorId, cancellationToken) ?? throw DomainException.NotFound("Account");
        if (author.IsSuspended)
        {
            throw DomainException.Forbidden("A suspended account cannot post.");
        }
        if (!Enum.IsDefined(draft.Visibility))
        {
            throw DomainException.Invalid("Unknown visibility.", "visibility");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var status = new Status
        {
            Id = ids.Next(),
            AccountId = author.Id,
            Account = author,
            SpoilerText = spoiler,
            Sensitive = draft.Sensitive || spoiler.Length > 0,
            Visibility = draft.Visibility,
            Language = NormalizeLanguage(draft.Language),
            CreatedAt = now,
        };
        status.ConversationId = status.Id;

        if (draft.InReplyToId is { } parentId)
        {
            var parent = await access.FindVisibleAsync(parentId, authorId, cancellationToken, track: true);
            if (parent.IsReblog)
            {
                throw DomainException.Invalid("Reply to the boosted status rather than to the boost.", "in_reply_to_id");
            }
            status.InReplyToId = parent.Id;
            status.InReplyToAccountId = parent.AccountId;
            status.ConversationId = parent.ConversationId;
            parent.RepliesCount++;
        }
        if (pollDraft is not null)
        {
            status.Poll = NewPoll(status, pollDraft, ids.Next(), now);
        }

        // Claimed in this unit of work: the post and its files are saved together or not at all.
        foreach (var attachment in await media.ClaimForStatusAsync(author.Id, mediaIds, cancellationToken))
        {
            status.MediaAttachments.Add(attachment);
        }

        await composer.ApplyContentAsync(status, text, cancellationToken);
        db.Statuses.Add(status);
        author.StatusesCount++;
        author.LastStatusAt = now;
        if (draft.IdempotencyKey is { } newKey)
        {
            await idempotency.RememberAsync(authorId, IdempotencyKeys.StatusKind, newKey, status.Id, null, cancellationToken);
        }
        events.Raise(new StatusCreated(status));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (draft.IdempotencyKey is not null)
        {
            // The same key committed first from a concurrent request: answer with what that request made.
            db.ChangeTracker.Clear();
            return await FindRepeatAsync(authorId, draft.IdempotencyKey, cancellationToken) ?? throw new InvalidOperationException("The post could not be saved.");
        }
        return status;
    }

    internal static Poll NewPoll(Status status, PollDraft draft, long pollId, DateTime now) => new()
    {
        Id = pollId,
        StatusId = status.Id,
        AccountId = status.AccountId,
        Options = [.. draft.Options],
        Tallies = [.. draft.Options.Select(_ => 0)],
        Multiple = draft.Multiple,
        HideTotals = draft.HideTotals,
        ExpiresAt = now.AddSeconds(draft.ExpiresInSeconds),
        CreatedAt = now,
    };

    private async Task<Status?> FindRepeatAsync(long authorId, string key, CancellationToken cancellationToken) =>
        await idempotency.FindAsync(authorId, IdempotencyKeys.StatusKind, key, cancellationToken) is { StatusId: { } statusId }
            ? await db.Statuses.Include(s => s.Account).FirstOrDefaultAsync(s => s.Id == statusId, cancellationToken)
            : null;

    internal static string? NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }
        var code = language.Trim().ToLowerInvariant();
        return code.Length is >= 2 and <= 8 && code.All(c => char.IsAsciiLetterLower(c) || c == '-')
            ? code
            : throw DomainException.Invalid("Language must be an ISO 639 code such as \"en\".", "language");
    }
}
