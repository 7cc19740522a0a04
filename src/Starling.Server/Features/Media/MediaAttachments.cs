using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// Uploading media, describing it, and handing it to a status. Until media processing exists, only images are taken
/// (JPEG, PNG, GIF, WebP, recognised by their first bytes) and they are ready at once, served as uploaded.
/// </summary>
public sealed class MediaAttachments(AppDbContext db, MediaStorage storage, IdGenerator ids, TimeProvider time, IOptions<StarlingOptions> options)
{
    /// <summary>As on Mastodon, and as the instance entity announces.</summary>
    public const int MaxAttachmentsPerStatus = 4;

    public const int MaxDescriptionLength = 1500;

    /// <param name="content">The file; read from its current position. A stream that cannot seek is buffered first.</param>
    /// <param name="length">The file's size in bytes, as the upload declared it; checked again while storing.</param>
    /// <param name="focus">"x,y", each from -1 to 1; null or empty for none.</param>
    public async Task<MediaAttachment> UploadAsync(long accountId, Stream content, long length, string? description, string? focus,
        CancellationToken cancellationToken = default)
    {
        var limit = options.Value.Media.MaxUploadBytes;
        if (length <= 0)
        {
            throw DomainException.Invalid("File can't be blank", "file");
        }
        if (length > limit)
        {
            throw DomainException.Invalid($"File is too large: at most {Megabytes(limit)} can be uploaded", "file");
        }
        var alt = Description(description);
        var (focusX, focusY) = Focus(focus);

        await using var seekable = content.CanSeek ? null : await BufferAsync(content, limit, cancellationToken);
        var source = seekable ?? content;
        var start = source.Position;
        var format = await ImageFormat.DetectAsync(source, cancellationToken)
            ?? throw DomainException.Invalid("File type is not supported: upload a JPEG, PNG, GIF or WebP image", "file");
        source.Position = start;

        var now = time.GetUtcNow().UtcDateTime;
        var id = ids.Next();
        // A random part in the name, so that knowing one file's address does not lead to the next one's.
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var attachment = new MediaAttachment
        {
            Id = id,
            AccountId = accountId,
            Type = MediaType.Image,
            State = MediaState.Ready,
            ContentType = format.ContentType,
            FilePath = $"attachments/{id.ToString(CultureInfo.InvariantCulture)}/{key}.{format.Extension}",
            FileSize = length,
            Width = format.Width,
            Height = format.Height,
            Description = alt,
            FocusX = focusX,
            FocusY = focusY,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await storage.SaveAsync(attachment.FilePath, new LengthLimitedStream(source, limit), cancellationToken);
        try
        {
            db.MediaAttachments.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            storage.Delete(attachment.FilePath);
            throw;
        }
        return attachment;
    }

    /// <summary>
    /// For the web UI's compose form, which has no way to wait: stores and processes the file in this request and
    /// returns it ready, or throws <see cref="DomainException"/> (Invalid) with the reason it was refused.
    /// </summary>
    public Task<MediaAttachment> UploadAndProcessAsync(long accountId, Stream content, long length, string? description, string? focus,
        CancellationToken cancellationToken = default) =>
        UploadAsync(accountId, content, length, description, focus, cancellationToken);

    /// <summary>One of the person's uploads that no status has claimed yet (the only ones the API shows or changes, as on Mastodon).</summary>
    public async Task<MediaAttachment> GetUnattachedAsync(long accountId, long mediaId, CancellationToken cancellationToken = default) =>
        await db.MediaAttachments.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId && m.StatusId == null, cancellationToken)
        ?? throw DomainException.NotFound("Media attachment");

    /// <param name="description">Null keeps the alt text; empty removes it.</param>
    /// <param name="focus">Null keeps the focal point; empty removes it.</param>
    public async Task<MediaAttachment> UpdateAsync(long accountId, long mediaId, string? description, string? focus, CancellationToken cancellationToken = default)
    {
        var attachment = await db.MediaAttachments.FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId && m.StatusId == null, cancellationToken)
            ?? throw DomainException.NotFound("Media attachment");
        if (description is not null)
        {
            attachment.Description = Description(description);
        }
        if (focus is not null)
        {
            (attachment.FocusX, attachment.FocusY) = Focus(focus);
        }
        attachment.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return attachment;
    }

    /// <summary>Deletes an upload and its file; one a status holds cannot be deleted.</summary>
    public async Task DeleteAsync(long accountId, long mediaId, CancellationToken cancellationToken = default)
    {
        var attachment = await db.MediaAttachments.FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId, cancellationToken)
            ?? throw DomainException.NotFound("Media attachment");
        if (attachment.StatusId is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, "Media attachment is currently used by a status");
        }
        db.MediaAttachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        storage.Delete(attachment.FilePath);
    }

    /// <summary>
    /// For a status being posted: the author's own unattached, ready uploads with these ids, tracked by this request's
    /// database context and numbered in the order given. The caller attaches them to the new status
    /// (<c>status.MediaAttachments.AddRange(claimed)</c>) and its one <c>SaveChangesAsync</c> writes both; nothing is saved here.
    /// </summary>
    /// <exception cref="DomainException">Invalid (422) for more than four, an id that is not the author's unattached upload, or one still processing.</exception>
    public async Task<IReadOnlyList<MediaAttachment>> ClaimForStatusAsync(long accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        if (wanted.Count > MaxAttachmentsPerStatus)
        {
            throw TooManyFiles();
        }
        var found = await db.MediaAttachments
            .Where(m => m.AccountId == accountId && m.StatusId == null && wanted.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var missing = wanted.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid($"Media {string.Join(", ", missing)} not found or already attached to another post", "media_ids");
        }
        var claimed = wanted.Select(id => found[id]).ToList();
        if (claimed.Any(m => !m.IsReady))
        {
            throw DomainException.Invalid("Cannot attach files that have not finished processing. Try again in a moment!", "media_ids");
        }
        CheckTogether(claimed);
        for (var position = 0; position < claimed.Count; position++)
        {
            claimed[position].Position = position;
        }
        return claimed;
    }

    /// <summary>
    /// For a status being edited: its files become exactly these, in this order. Files it keeps stay; new ones are claimed
    /// as for a new post; files left out are let go (unattached, so the orphan cleanup removes them). Nothing is saved here.
    /// </summary>
    public async Task ReplaceForStatusAsync(Status status, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        var current = await db.MediaAttachments.Where(m => m.StatusId == status.Id).ToDictionaryAsync(m => m.Id, cancellationToken);
        var claimed = (await ClaimForStatusAsync(status.AccountId, wanted.Where(id => !current.ContainsKey(id)).ToList(), cancellationToken))
            .ToDictionary(m => m.Id);
        var attached = wanted.Select(id => current.GetValueOrDefault(id) ?? claimed[id]).ToList();
        CheckTogether(attached);
        foreach (var dropped in current.Values.Where(m => !wanted.Contains(m.Id)))
        {
            dropped.StatusId = null;
        }
        for (var position = 0; position < attached.Count; position++)
        {
            attached[position].Position = position;
            attached[position].StatusId = status.Id;
        }
    }

    /// <summary>Checks, without attaching anything, that these uploads could be claimed now: a scheduled post claims them when it goes out.</summary>
    public async Task CheckClaimableAsync(long accountId, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        foreach (var attachment in await ClaimForStatusAsync(accountId, ids, cancellationToken))
        {
            db.Entry(attachment).State = EntityState.Detached;
        }
    }

    /// <summary>Mastodon refuses a post that carries both files and a poll.</summary>
    public static void RefuseWithPoll(int mediaCount, bool hasPoll)
    {
        if (mediaCount > 0 && hasPoll)
        {
            throw DomainException.Invalid("Cannot attach files to a post with a poll", "media_ids");
        }
    }

    private static DomainException TooManyFiles() =>
        DomainException.Invalid($"You cannot attach more than {MaxAttachmentsPerStatus} files.", "media_ids");

    /// <summary>The files one post may hold: at most four, and a video or audio file only on its own.</summary>
    private static void CheckTogether(IReadOnlyList<MediaAttachment> attached)
    {
        if (attached.Count > MaxAttachmentsPerStatus)
        {
            throw TooManyFiles();
        }
        if (attached.Count > 1 && attached.Any(m => m.Type is MediaType.Video or MediaType.Audio or MediaType.Gifv))
        {
            throw DomainException.Invalid("Cannot attach a video or audio file to a post that holds other files", "media_ids");
        }
    }

    private static string? Description(string? description)
    {
        var text = description?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return text.Length > MaxDescriptionLength
            ? throw DomainException.Invalid($"Description is too long (at most {MaxDescriptionLength} characters)", "description")
            : text;
    }

    private static (double?, double?) Focus(string? focus)
    {
        if (string.IsNullOrWhiteSpace(focus))
        {
            return (null, null);
        }
        var parts = focus.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            && x is >= -1 and <= 1 && y is >= -1 and <= 1)
        {
            return (x, y);
        }
        throw DomainException.Invalid("Focus must be two numbers from -1.0 to 1.0, as \"x,y\"", "focus");
    }

    private static string Megabytes(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes";

    private static async Task<Stream> BufferAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await new LengthLimitedStream(content, limit).CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Refuses to read past the limit, so a body larger than it declared cannot fill the disk.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw DomainException.Invalid("File is larger than it declared", "file") : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
