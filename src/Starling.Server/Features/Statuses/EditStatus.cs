using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Statuses;

/// <summary>Changes a status's text, warning and sensitivity, keeping every earlier version in its history.</summary>
public sealed class EditStatus(
    AppDbContext db,
    StatusComposer composer,
    StatusAccess access,
    DomainEventCollector events,
    IdGenerator ids,
    TimeProvider time)
{
    public async Task<Status> EditAsync(long editorId, long statusId, string text, string? spoilerText, bool sensitive, CancellationToken cancellationToken = default)
    {
        var status = await access.FindOwnAsync(statusId, editorId, cancellationToken);
        if (status.IsReblog)
        {
            throw DomainException.Invalid("A boost cannot be edited.");
        }
        var (newText, spoiler) = composer.Validate(text, spoilerText);
        // The composer reconciles the existing mentions and tags, so they must be loaded.
        await db.Entry(status).Collection(s => s.Mentions).LoadAsync(cancellationToken);
        await db.Entry(status).Collection(s => s.Tags).LoadAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        // The original version enters the history on the first edit, as on Mastodon.
        if (!await db.StatusEdits.AnyAsync(e => e.StatusId == status.Id, cancellationToken))
        {
            db.StatusEdits.Add(Snapshot(status, status.CreatedAt));
        }

        status.SpoilerText = spoiler;
        status.Sensitive = sensitive || spoiler.Length > 0;
        status.EditedAt = now;
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
        return edits.Count > 0 ? edits : [Snapshot(status, status.CreatedAt)];
    }

    private StatusEdit Snapshot(Status status, DateTime at) => new()
    {
        Id = ids.Next(),
        StatusId = status.Id,
        Text = status.Text,
        ContentHtml = status.ContentHtml,
        SpoilerText = status.SpoilerText,
        Sensitive = status.Sensitive,
        CreatedAt = at,
    };
}
