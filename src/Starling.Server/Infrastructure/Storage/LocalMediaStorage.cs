using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.Storage;

/// <summary>
/// Media on the local disk, in the data directory's <c>media</c> folder: the default, and all a one-box server needs.
/// A path that would lead outside that folder is refused.
/// </summary>
public sealed class LocalMediaStorage(IOptions<StarlingOptions> options) : IMediaStorage
{
    public const string FolderName = "media";

    private readonly string _root = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), FolderName) + Path.DirectorySeparatorChar;

    public async Task SaveAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var target = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    public Task SaveFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        var target = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // A rename where the work folder is on the same disk; a copy and delete where it is not.
        File.Move(localFile, target, overwrite: false);
        return Task.CompletedTask;
    }

    public Task<StoredFile?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FullPath(path));
        if (!file.Exists)
        {
            return Task.FromResult<StoredFile?>(null);
        }
        Stream content = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
        return Task.FromResult<StoredFile?>(new StoredFile(content, file.Length, file.LastWriteTimeUtc));
    }

    public Task CopyToLocalFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        File.Copy(FullPath(path), localFile, overwrite: true);
        return Task.CompletedTask;
    }

    /// <summary>Also removes the folders the file leaves empty.</summary>
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = FullPath(path);
        File.Delete(target);
        for (var folder = Path.GetDirectoryName(target); folder is not null && folder.Length > _root.Length && Directory.Exists(folder)
             && !Directory.EnumerateFileSystemEntries(folder).Any(); folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                // Another file arrived in it meanwhile.
                break;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The file's place on disk.</summary>
    public string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException("The path leads outside the media folder.", nameof(path));
        }
        return full;
    }
}
