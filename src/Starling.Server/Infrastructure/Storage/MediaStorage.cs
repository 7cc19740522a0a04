using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.Storage;

/// <summary>
/// Uploaded files, kept as they were sent in the data directory's <c>media</c> folder. Paths are relative to that folder
/// with forward slashes; a path that would lead outside it is refused.
/// </summary>
public sealed class MediaStorage(IOptions<StarlingOptions> options)
{
    public const string FolderName = "media";

    private readonly string _root = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), FolderName) + Path.DirectorySeparatorChar;

    /// <summary>Writes the stream to a new file; a half-written file is removed when writing fails.</summary>
    public async Task SaveAsync(string relativePath, Stream content, CancellationToken cancellationToken = default)
    {
        var path = FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The file's place on disk, for serving it.</summary>
    public string FullPath(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException("The path leads outside the media folder.", nameof(relativePath));
        }
        return path;
    }

    public bool Exists(string relativePath) => File.Exists(FullPath(relativePath));

    /// <summary>Removes the file and the folders it leaves empty; a file already gone is no error.</summary>
    public void Delete(string relativePath)
    {
        var path = FullPath(relativePath);
        File.Delete(path);
        for (var folder = Path.GetDirectoryName(path); folder is not null && folder.Length > _root.Length && Directory.Exists(folder)
             && !Directory.EnumerateFileSystemEntries(folder).Any(); folder = Path.GetDirectoryName(folder))
        {
            Directory.Delete(folder);
        }
    }
}
