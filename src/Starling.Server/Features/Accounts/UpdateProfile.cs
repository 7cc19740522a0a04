using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Media;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Features.Accounts;

/// <summary>A profile field as typed into a form.</summary>
public sealed record ProfileFieldInput(string Name, string Value);

/// <summary>
/// What to change on a profile and its owner's posting defaults; null leaves a value as it is. <see cref="Fields"/>
/// replaces all fields at once (pairs blank on both sides are dropped); "" for <see cref="DefaultLanguage"/> clears it.
/// </summary>
public sealed record ProfileChanges(
    string? DisplayName = null,
    string? Note = null,
    bool? Locked = null,
    bool? Bot = null,
    bool? Discoverable = null,
    IReadOnlyList<ProfileFieldInput>? Fields = null,
    Visibility? DefaultVisibility = null,
    bool? DefaultSensitive = null,
    string? DefaultLanguage = null);

/// <summary>Edits the caller's own profile, its pictures and posting defaults, all or nothing.</summary>
public sealed partial class UpdateProfile(AppDbContext db, ContentFormatter formatter, AnswerFollowRequest followRequests, AccountPictures pictures,
    MediaFiles files, DomainEventCollector events, TimeProvider time)
{
    public const int MaxDisplayNameLength = 30;
    public const int MaxNoteLength = 500;
    public const int MaxFields = 4;
    public const int MaxFieldNameLength = 255;
    public const int MaxFieldValueLength = 255;

    /// <summary>ISO 639 codes, with a region where Mastodon offers one ("pt-BR").</summary>
    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
    private static partial Regex LanguagePattern();

    /// <summary>
    /// Pictures are checked and processed before the database is touched, so a refused one changes nothing; the files
    /// they replace are deleted only once the change is saved.
    /// </summary>
    /// <returns>The account, with its user loaded.</returns>
    public async Task<Account> UpdateAsync(long accountId, ProfileChanges changes, IReadOnlyList<AccountPictureChange>? pictureChanges = null,
        CancellationToken cancellationToken = default)
    {
        var stored = new List<(AccountPictureKind Kind, string? Path)>();
        Account account;
        var replaced = new List<string?>();
        try
        {
            foreach (var change in pictureChanges ?? [])
            {
                stored.Add((change.Kind, change.Content is null ? null : await pictures.StoreAsync(accountId, change.Kind, change.Content, change.Length, cancellationToken)));
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            account = await ApplyAsync(accountId, changes, cancellationToken);
            replaced.AddRange(stored.Select(picture => pictures.Replace(account, picture.Kind, picture.Path)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await files.RemoveAsync(stored.Select(picture => picture.Path));
            throw;
        }
        await files.RemoveAsync(replaced);
        return account;
    }

    private async Task<Account> ApplyAsync(long accountId, ProfileChanges changes, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.Include(a => a.User).FirstOrDefaultAsync(a => a.Id == accountId && a.Domain == null, cancellationToken)
            ?? throw DomainException.NotFound("Account");
        var user = account.User ?? throw DomainException.NotFound("Account");
        var displayName = changes.DisplayName?.Trim();
        if (displayName?.Length > MaxDisplayNameLength)
        {
            throw DomainException.Invalid($"A display name may have at most {MaxDisplayNameLength} characters.", "display_name");
        }
        var note = changes.Note?.Trim();
        if (note?.Length > MaxNoteLength)
        {
            throw DomainException.Invalid($"A bio may have at most {MaxNoteLength} characters.", "note");
        }
        var fields = changes.Fields is null ? null : ValidFields(changes.Fields);
        if (changes.DefaultVisibility == Visibility.Direct)
        {
            throw DomainException.Invalid("New posts can start public, unlisted or for followers only, not as direct messages.", "privacy");
        }
        var language = changes.DefaultLanguage?.Trim();
        if (!string.IsNullOrEmpty(language) && !LanguagePattern().IsMatch(language))
        {
            throw DomainException.Invalid("A language is an ISO 639 code, such as \"en\" or \"pt-BR\".", "language");
        }

        if (displayName is not null)
        {
            account.DisplayName = displayName;
        }
        if (note is not null)
        {
            account.Note = note;
            account.NoteHtml = (await formatter.FormatAsync(note, cancellationToken)).Html;
        }
        if (fields is not null)
        {
            var rendered = new List<ProfileField>(fields.Count);
            foreach (var field in fields)
            {
                rendered.Add(new ProfileField(field.Name, field.Value, (await formatter.FormatInlineAsync(field.Value, cancellationToken)).Html));
            }
            account.Fields = rendered;
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
        user.DefaultVisibility = changes.DefaultVisibility ?? user.DefaultVisibility;
        user.DefaultSensitive = changes.DefaultSensitive ?? user.DefaultSensitive;
        if (language is not null)
        {
            user.DefaultLanguage = language.Length == 0 ? null : language;
        }
        events.Raise(new ProfileUpdated(account));
        return account;
    }

    private static List<ProfileFieldInput> ValidFields(IReadOnlyList<ProfileFieldInput> input)
    {
        // Fields are single lines; a pair left blank on both sides is an emptied form row, not a field.
        var fields = input
            .Select(f => new ProfileFieldInput(OneLine(f.Name), OneLine(f.Value)))
            .Where(f => f.Name.Length > 0 || f.Value.Length > 0)
            .ToList();
        if (fields.Count > MaxFields)
        {
            throw DomainException.Invalid($"A profile may have at most {MaxFields} fields.", "fields_attributes");
        }
        if (fields.Any(f => f.Name.Length > MaxFieldNameLength))
        {
            throw DomainException.Invalid($"A field's name may have at most {MaxFieldNameLength} characters.", "fields_attributes");
        }
        if (fields.Any(f => f.Value.Length > MaxFieldValueLength))
        {
            throw DomainException.Invalid($"A field's value may have at most {MaxFieldValueLength} characters.", "fields_attributes");
        }
        return fields;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
