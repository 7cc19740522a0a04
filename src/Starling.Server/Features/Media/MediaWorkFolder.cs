using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// A private folder for one file's processing, under the data directory so that finished files move into media
/// storage by a rename. Removed with everything in it when disposed, whether processing succeeded or not.
/// </summary>
public sealed class MediaWorkFolder : IDisposable
{
    public const string ParentName = "tmp";

    private MediaWorkFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Where the file as received is written.</summary>
    public string Upload => System.IO.Path.Combine(Path, "upload");

    public static MediaWorkFolder Create(StarlingOptions options)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(options.DataDirectory), ParentName, "media-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new MediaWorkFolder(path);
    }

    /// <summary>Removes folders a crashed process left behind; called once at start.</summary>
    public static void RemoveLeftovers(StarlingOptions options, TimeSpan olderThan)
    {
        var parent = new DirectoryInfo(System.IO.Path.Combine(System.IO.Path.GetFullPath(options.DataDirectory), ParentName));
        if (!parent.Exists)
        {
            return;
        }
        foreach (var folder in parent.EnumerateDirectories("media-*").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - olderThan))
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use after all; the next start removes it.
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
