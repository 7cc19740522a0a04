namespace Starling.Server.Infrastructure.Storage;

/// <summary>
/// Where media files are kept: uploads, their previews, profile pictures and cached remote files. Paths are relative,
/// with forward slashes, and chosen by the caller; a file at a path never changes (a new version gets a new path), which
/// is what lets them be served with long cache lifetimes.
/// </summary>
public interface IMediaStorage
{
    /// <summary>Writes a new file from the stream; a half-written file is removed when writing fails.</summary>
    Task SaveAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Keeps a finished file from the local disk (a processing result); the local file is moved or copied away.</summary>
    Task SaveFileAsync(string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>The file for reading, seekable (range requests need that), or null when there is none.</summary>
    Task<StoredFile?> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Copies the file to a local one, for a program (ffmpeg) that reads from disk.</summary>
    Task CopyToLocalFileAsync(string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Removes the file; one already gone is no error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken = default);
}

/// <param name="Content">Seekable; the caller disposes it.</param>
public sealed record StoredFile(Stream Content, long Length, DateTimeOffset LastModified);
