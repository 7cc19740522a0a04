using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

public sealed class CreateStatus(
    AppDbContext db,
    StatusComposer composer,
    StatusAccess access,
    DomainEventCollector events,
    IdGenerator ids,
    TimeProvider time)
{
    public async Task<Status> CreateAsync(long authorId, StatusDraft draft, CancellationToken cancellationToken = default)
    {
        var (text, spoiler) = composer.Validate(draft.Text, draft.SpoilerText);
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

        await composer.ApplyContentAsync(status, text, cancellationToken);
        db.Statuses.Add(status);
        author.StatusesCount++;
        author.LastStatusAt = now;
        events.Raise(new StatusCreated(status));
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    private static string? NormalizeLanguage(string? language)
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
