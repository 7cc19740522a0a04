using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Features.Accounts;

public sealed record ProfileChanges(string? DisplayName = null, string? Note = null, bool? Locked = null, bool? Bot = null, bool? Discoverable = null);

/// <summary>Edits the caller's own profile; null fields stay as they are.</summary>
public sealed class UpdateProfile(AppDbContext db, ContentFormatter formatter, AnswerFollowRequest followRequests, TimeProvider time)
{
    public const int MaxDisplayNameLength = 30;
    public const int MaxNoteLength = 500;

    public async Task<Account> UpdateAsync(long accountId, ProfileChanges changes, CancellationToken cancellationToken = default)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId && a.Domain == null, cancellationToken)
            ?? throw DomainException.NotFound("Account");
        if (changes.DisplayName is { } displayName)
        {
            displayName = displayName.Trim();
            if (displayName.Length > MaxDisplayNameLength)
            {
                throw DomainException.Invalid($"A display name may have at most {MaxDisplayNameLength} characters.", "display_name");
            }
            account.DisplayName = displayName;
        }
        if (changes.Note is { } note)
        {
            note = note.Trim();
            if (note.Length > MaxNoteLength)
            {
                throw DomainException.Invalid($"A bio may have at most {MaxNoteLength} characters.", "note");
            }
            account.Note = note;
            account.NoteHtml = (await formatter.FormatAsync(note, cancellationToken)).Html;
        }
        if (account.Locked && changes.Locked == false)
        {
            // Nobody is left waiting once approval is no longer required (Mastodon does the same).
            await followRequests.AcceptAllPendingAsync(account.Id, cancellationToken);
        }
        account.Locked = changes.Locked ?? account.Locked;
        account.Bot = changes.Bot ?? account.Bot;
        account.Discoverable = changes.Discoverable ?? account.Discoverable;
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }
}
