using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;

namespace Starling.Server.Features.Media;

/// <summary>Where an attachment's files go in media storage, and how a processing result becomes its files and fields.</summary>
public sealed class MediaFiles(IMediaStorage storage)
{
    /// <summary>
    /// Keeps the processed files under new names and writes what processing learnt onto the attachment (now Ready).
    /// Returns the paths written, for the caller to remove if the row then fails to save.
    /// </summary>
    public async Task<IReadOnlyList<string>> KeepAsync(MediaAttachment attachment, ProcessedMedia processed, CancellationToken cancellationToken)
    {
        // A random part in the name, so that knowing one file's address does not lead to the next one's.
        var stem = $"attachments/{attachment.Id.ToString(CultureInfo.InvariantCulture)}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var written = new List<string>();
        try
        {
            var original = $"{stem}.{processed.Original.Extension}";
            await storage.SaveFileAsync(original, processed.Original.Path, cancellationToken);
            written.Add(original);
            string? preview = null;
            if (processed.Preview is { } picture)
            {
                preview = $"{stem}-small.{picture.File.Extension}";
                await storage.SaveFileAsync(preview, picture.File.Path, cancellationToken);
                written.Add(preview);
            }
            attachment.Type = processed.Type;
            attachment.State = MediaState.Ready;
            attachment.ContentType = processed.Original.ContentType;
            attachment.FilePath = original;
            attachment.FileSize = processed.Original.Length;
            attachment.Width = processed.Width;
            attachment.Height = processed.Height;
            attachment.PreviewFilePath = preview;
            attachment.PreviewWidth = processed.Preview?.Width;
            attachment.PreviewHeight = processed.Preview?.Height;
            attachment.Blurhash = processed.Preview?.Blurhash;
            attachment.DurationSeconds = processed.DurationSeconds;
            attachment.FrameRate = processed.FrameRate;
            attachment.Bitrate = processed.Bitrate;
            attachment.FailureReason = null;
            attachment.ProcessingLeaseUntil = null;
            return written;
        }
        catch
        {
            await RemoveAsync(written);
            throw;
        }
    }

    /// <summary>Where a file waiting to be processed is kept until then.</summary>
    public static string WaitingPath(long mediaId) =>
        $"attachments/{mediaId.ToString(CultureInfo.InvariantCulture)}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.upload";

    /// <summary>Removes files, whatever the request's cancellation says: a half-finished removal would leave orphans.</summary>
    public async Task RemoveAsync(IEnumerable<string?> paths)
    {
        foreach (var path in paths.OfType<string>().Where(p => p.Length > 0))
        {
            await storage.DeleteAsync(path, CancellationToken.None);
        }
    }

    /// <summary>The attachments' kept files and previews.</summary>
    public Task RemoveAsync(IEnumerable<MediaAttachment> attachments) => RemoveAsync(attachments.SelectMany(m => new[] { m.FilePath, m.PreviewFilePath }));

    /// <summary>
    /// Every file kept for these accounts: their avatars and headers, and their attachments' files and previews (posted,
    /// not yet posted or still waiting to be processed, uploads and cached remote copies alike). A deletion reads them in
    /// its transaction just before the rows go, and hands them to <see cref="RemoveAsync(IEnumerable{string})"/> once it
    /// has committed: a rollback leaves every file its row still names. Only the paths are read, not the rows.
    /// </summary>
    public static async Task<List<string>> OfAccountsAsync(AppDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        var pictures = await db.Accounts.Where(a => accountIds.Contains(a.Id) && (a.AvatarFilePath != null || a.HeaderFilePath != null))
            .Select(a => new { a.AvatarFilePath, a.HeaderFilePath }).ToListAsync(cancellationToken);
        var attachments = await db.MediaAttachments.Where(m => accountIds.Contains(m.AccountId) && (m.FilePath != "" || m.PreviewFilePath != null))
            .Select(m => new { m.FilePath, m.PreviewFilePath }).ToListAsync(cancellationToken);
        return
        [
            .. pictures.SelectMany(p => new[] { p.AvatarFilePath, p.HeaderFilePath })
                .Concat(attachments.SelectMany(m => new[] { m.FilePath, m.PreviewFilePath }))
                .OfType<string>().Where(path => path.Length > 0),
        ];
    }
}
