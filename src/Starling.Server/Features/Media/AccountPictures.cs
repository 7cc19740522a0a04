using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

public enum AccountPictureKind
{
    Avatar,
    Header,
}

/// <summary>A new file for one of a profile's pictures, or, with no <paramref name="Content"/>, back to the default.</summary>
public sealed record AccountPictureChange(AccountPictureKind Kind, Stream? Content, long Length = 0);

/// <summary>
/// A local account's profile picture and header: checked and cleaned like any upload (metadata stripped), cropped to
/// Mastodon's sizes (400×400 and 1500×500), kept under a new name each time. Changing them with the rest of a profile is
/// <see cref="Accounts.UpdateProfile"/>'s work; removing one alone is here.
/// </summary>
public sealed class AccountPictures(AppDbContext db, IMediaStorage storage, MediaFiles files, MediaProcessor processor, DomainEventCollector events,
    TimeProvider time, IOptions<StarlingOptions> options)
{
    /// <summary>
    /// Checks, cleans and crops a new picture and keeps it in storage under a fresh name; the database is not touched.
    /// Returns its path, for <see cref="Replace"/>; the caller deletes it if the change it belongs to is not saved.
    /// </summary>
    public async Task<string> StoreAsync(long accountId, AccountPictureKind kind, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.Media.MaxUploadBytes;
        if (length <= 0)
        {
            throw DomainException.Invalid("File can't be blank", Field(kind));
        }
        if (length > limit)
        {
            throw DomainException.Invalid($"Images may be at most {MediaProcessor.Megabytes(limit)}", Field(kind));
        }
        using var work = MediaWorkFolder.Create(options.Value);
        await work.ReceiveAsync(content, limit, cancellationToken);
        var (width, height) = Size(kind);
        ProcessedMedia processed;
        try
        {
            processed = await processor.ProcessAccountPictureAsync(work.Upload, work.Path, width, height, cancellationToken);
        }
        catch (MediaRejectedException rejected)
        {
            throw DomainException.Invalid(rejected.Message, Field(kind));
        }
        var path = NewPath(accountId, kind, processed.Original.Extension);
        await storage.SaveFileAsync(path, processed.Original.Path, cancellationToken);
        return path;
    }

    /// <summary>
    /// Points the account at a stored picture, or at none, and returns the path it pointed at before: that file is to
    /// be removed (<see cref="MediaFiles"/>) once the change is saved, and not before, since a change that fails leaves
    /// the account pointing at it.
    /// </summary>
    public string? Replace(Account account, AccountPictureKind kind, string? path)
    {
        var previous = kind == AccountPictureKind.Avatar ? account.AvatarFilePath : account.HeaderFilePath;
        if (kind == AccountPictureKind.Avatar)
        {
            account.AvatarFilePath = path;
        }
        else
        {
            account.HeaderFilePath = path;
        }
        account.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return previous;
    }

    /// <summary>Back to the default picture.</summary>
    public async Task<Account> RemoveAsync(long accountId, AccountPictureKind kind, CancellationToken cancellationToken = default)
    {
        var account = await db.Accounts.Include(a => a.User).FirstOrDefaultAsync(a => a.Id == accountId && a.Domain == null, cancellationToken)
            ?? throw DomainException.NotFound("Account");
        var previous = Replace(account, kind, null);
        if (previous is null)
        {
            return account;
        }
        events.Raise(new ProfileUpdated(account));
        await db.SaveChangesAsync(cancellationToken);
        await files.RemoveAsync([previous]);
        return account;
    }

    /// <summary>The content type of a stored picture, which processing names by its format.</summary>
    public static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        _ => "image/jpeg",
    };

    public static string Folder(AccountPictureKind kind) => kind == AccountPictureKind.Avatar ? "avatars" : "headers";

    /// <summary>The size a picture is cropped to: Mastodon's 400×400 for an avatar, 1500×500 for a header.</summary>
    public static (int Width, int Height) Size(AccountPictureKind kind) => kind == AccountPictureKind.Avatar ? (400, 400) : (1500, 500);

    /// <summary>
    /// A new name in media storage for an account's picture: never reused (files are served as immutable), with a
    /// random part so that knowing one picture's address does not lead to the next one's.
    /// </summary>
    public static string NewPath(long accountId, AccountPictureKind kind, string extension) =>
        $"accounts/{Folder(kind)}/{accountId.ToString(CultureInfo.InvariantCulture)}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.{extension}";

    private static string Field(AccountPictureKind kind) => kind == AccountPictureKind.Avatar ? "avatar" : "header";
}
