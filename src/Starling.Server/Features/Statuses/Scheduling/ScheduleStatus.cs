using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;
using Starling.Server.Features.Polls;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Statuses.Scheduling;

/// <summary>
/// Posts for later, with Mastodon's rules: a time in the past posts at once, a time less than five minutes ahead is
/// refused, and an account may have at most 300 posts waiting, 25 of them on any one day.
/// </summary>
public sealed class ScheduleStatus(
    AppDbContext db,
    StatusComposer composer,
    StatusAccess access,
    IdempotencyKeys idempotency,
    MediaAttachments media,
    JobQueue jobs,
    IdGenerator ids,
    TimeProvider time)
{
    public static readonly TimeSpan MinimumLead = TimeSpan.FromMinutes(5);
    public const int MaxWaiting = 300;
    public const int MaxWaitingPerDay = 25;

    /// <summary>Whether a post asked for at <paramref name="scheduledAt"/> waits (true) or goes out now (false).</summary>
    public bool IsForLater(DateTime? scheduledAt) => scheduledAt is { } at && at > time.GetUtcNow().UtcDateTime;

    public async Task<ScheduledStatus> ScheduleAsync(long authorId, StatusDraft draft, DateTime scheduledAt, CancellationToken cancellationToken = default)
    {
        if (draft.IdempotencyKey is { } key && await FindRepeatAsync(authorId, key, cancellationToken) is { } first)
        {
            return first;
        }
        // Checked now, as the post will be checked when it goes out, so the author hears of a problem while still here.
        var mediaIds = draft.MediaIds ?? [];
        var (text, spoiler) = composer.Validate(draft.Text, draft.SpoilerText, hasMedia: mediaIds.Count > 0);
        var poll = draft.Poll is { } pollDraft ? PollRules.Validate(pollDraft) : null;
        MediaAttachments.RefuseWithPoll(mediaIds.Count, poll is not null);
        await media.CheckClaimableAsync(authorId, mediaIds, cancellationToken);
        var language = CreateStatus.NormalizeLanguage(draft.Language);
        if (!Enum.IsDefined(draft.Visibility))
        {
            throw DomainException.Invalid("Unknown visibility.", "visibility");
        }
        if (draft.InReplyToId is { } parentId)
        {
            await access.FindVisibleAsync(parentId, authorId, cancellationToken);
        }
        await CheckTimeAsync(authorId, scheduledAt, null, cancellationToken);

        var scheduled = new ScheduledStatus
        {
            Id = ids.Next(),
            AccountId = authorId,
            ScheduledAt = scheduledAt,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Params = new ScheduledStatusParams
            {
                Text = text,
                SpoilerText = spoiler.Length > 0 ? spoiler : draft.SpoilerText,
                Sensitive = draft.Sensitive ? true : null,
                Visibility = draft.Visibility,
                InReplyToId = draft.InReplyToId,
                Language = language,
                IdempotencyKey = draft.IdempotencyKey,
                MediaIds = mediaIds.Count > 0 ? [.. mediaIds.Distinct()] : null,
                Poll = poll is null ? null : new ScheduledPollParams
                {
                    Options = [.. poll.Options],
                    ExpiresInSeconds = poll.ExpiresInSeconds,
                    Multiple = poll.Multiple,
                    HideTotals = poll.HideTotals,
                },
            },
        };
        db.ScheduledStatuses.Add(scheduled);
        if (draft.IdempotencyKey is { } newKey)
        {
            await idempotency.RememberAsync(authorId, IdempotencyKeys.ScheduledKind, newKey, null, scheduled.Id, cancellationToken);
        }
        Enqueue(scheduled);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (draft.IdempotencyKey is not null)
        {
            db.ChangeTracker.Clear();
            return await FindRepeatAsync(authorId, draft.IdempotencyKey, cancellationToken) ?? throw new InvalidOperationException("The post could not be scheduled.");
        }
        return scheduled;
    }

    public async Task<ScheduledStatus> RescheduleAsync(long authorId, long scheduledStatusId, DateTime scheduledAt, CancellationToken cancellationToken = default)
    {
        var scheduled = await db.ScheduledStatuses.FirstOrDefaultAsync(s => s.Id == scheduledStatusId && s.AccountId == authorId, cancellationToken)
            ?? throw DomainException.NotFound("Scheduled status");
        await CheckTimeAsync(authorId, scheduledAt, scheduled.Id, cancellationToken);
        scheduled.ScheduledAt = scheduledAt;
        // The job queued for the old time finds the post not yet due and leaves it to this one.
        Enqueue(scheduled);
        await db.SaveChangesAsync(cancellationToken);
        return scheduled;
    }

    public async Task CancelAsync(long authorId, long scheduledStatusId, CancellationToken cancellationToken = default)
    {
        var scheduled = await db.ScheduledStatuses.FirstOrDefaultAsync(s => s.Id == scheduledStatusId && s.AccountId == authorId, cancellationToken)
            ?? throw DomainException.NotFound("Scheduled status");
        db.ScheduledStatuses.Remove(scheduled);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task CheckTimeAsync(long authorId, DateTime scheduledAt, long? exceptId, CancellationToken cancellationToken)
    {
        if (scheduledAt < time.GetUtcNow().UtcDateTime + MinimumLead)
        {
            throw DomainException.Invalid("A post can be scheduled 5 minutes ahead or more.", "scheduled_at");
        }
        var waiting = db.ScheduledStatuses.Where(s => s.AccountId == authorId && s.Id != exceptId);
        if (await waiting.CountAsync(cancellationToken) >= MaxWaiting)
        {
            throw DomainException.Invalid($"You already have {MaxWaiting} posts scheduled.", "scheduled_at");
        }
        var day = scheduledAt.Date;
        var nextDay = day.AddDays(1);
        if (await waiting.CountAsync(s => s.ScheduledAt >= day && s.ScheduledAt < nextDay, cancellationToken) >= MaxWaitingPerDay)
        {
            throw DomainException.Invalid($"You already have {MaxWaitingPerDay} posts scheduled for that day.", "scheduled_at");
        }
    }

    private void Enqueue(ScheduledStatus scheduled) =>
        jobs.Enqueue(new PublishScheduledStatusJob(scheduled.Id), scheduled.ScheduledAt - time.GetUtcNow().UtcDateTime);

    private async Task<ScheduledStatus?> FindRepeatAsync(long authorId, string key, CancellationToken cancellationToken) =>
        await idempotency.FindAsync(authorId, IdempotencyKeys.ScheduledKind, key, cancellationToken) is { ScheduledStatusId: { } id }
            ? await db.ScheduledStatuses.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            : null;
}
