using System.Diagnostics;

namespace Starling.Browser.Tests.Infrastructure;

/// <summary>Real media files made with ffmpeg for a test, in a folder of their own that goes when the test ends.</summary>
public sealed class MediaSamples : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "starling-media-samples", Guid.NewGuid().ToString("N"));

    public MediaSamples() => Directory.CreateDirectory(_folder);

    /// <summary>One frame of ffmpeg's test pattern as a JPEG.</summary>
    public Task<string> JpegAsync(string name, int width, int height) =>
        FfmpegAsync(name, "-f", "lavfi", "-i", $"testsrc=size={width}x{height}", "-frames:v", "1", "-q:v", "4");

    /// <summary>An MP4 (H.264 video and AAC sound) of the given length, its index at the front so players can start at once.</summary>
    public Task<string> Mp4Async(string name, int seconds) =>
        FfmpegAsync(name, "-f", "lavfi", "-i", $"testsrc=size=640x360:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-c:a", "aac", "-shortest", "-movflags", "+faststart");

    /// <summary>A file that only pretends to be a picture.</summary>
    public async Task<string> TextPretendingToBeAsync(string name)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, "These are my notes, not a photo.\n");
        return path;
    }

    /// <summary>A file of this many zero bytes: large, and no kind of media at all.</summary>
    public async Task<string> ZerosAsync(string name, long bytes)
    {
        var path = Path.Combine(_folder, name);
        await using var file = File.Create(path);
        file.SetLength(bytes);
        return path;
    }

    private async Task<string> FfmpegAsync(string name, params string[] arguments)
    {
        var path = Path.Combine(_folder, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments, path])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"ffmpeg could not make {name}: {await errors}");
        }
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
