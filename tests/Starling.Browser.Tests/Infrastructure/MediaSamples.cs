namespace Starling.Browser.Tests.Infrastructure;

/// <summary>Real media files (from <see cref="TestMedia"/>) written for a test to hand the browser, in a folder that goes when the test ends.</summary>
public sealed class MediaSamples : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "starling-media-samples", Guid.NewGuid().ToString("N"));

    public MediaSamples() => Directory.CreateDirectory(_folder);

    public Task<string> JpegAsync(string name, int width, int height) => WriteAsync(name, TestMedia.Jpeg(width, height));

    /// <summary>A dusk sky with a flock of starlings in it, for pictures people will look at.</summary>
    public Task<string> DuskAsync(string name, int width = 1600, int height = 1000) => WriteAsync(name, TestMedia.DuskWithFlock(width, height));

    /// <summary>An MP4 (H.264 video and AAC sound) of the given length.</summary>
    public Task<string> Mp4Async(string name, int seconds) => WriteAsync(name, TestMedia.Mp4(640, 360, seconds));

    /// <summary>A file that only pretends to be a picture.</summary>
    public Task<string> TextPretendingToBeAsync(string name) => WriteAsync(name, "These are my notes, not a photo.\n"u8.ToArray());

    /// <summary>A file of this many zero bytes: large, and no kind of media at all.</summary>
    public async Task<string> ZerosAsync(string name, long bytes)
    {
        var path = Path.Combine(_folder, name);
        await using var file = File.Create(path);
        file.SetLength(bytes);
        return path;
    }

    private async Task<string> WriteAsync(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
