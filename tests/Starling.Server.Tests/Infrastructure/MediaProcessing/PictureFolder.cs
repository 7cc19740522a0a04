using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// A test's own folder for pictures sent to the processor: files saved there with the format their first bytes show,
/// and work folders for the processor to write in. Deleted with the test.
/// </summary>
internal sealed class PictureFolder(string name) : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory(name + "-").FullName;

    /// <summary>The one work folder most tests use.</summary>
    public string Work => Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;

    /// <summary>A work folder of its own, for a test that processes more than one file.</summary>
    public string NewWork() => Directory.CreateDirectory(Path.Combine(Root, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Saves the bytes as a sent file and reads its format as an upload's is read; the test fails if none is found.</summary>
    public async Task<(string Path, ImageFormat Format)> SaveAsync(byte[] bytes, string? name = null)
    {
        var path = Path.Combine(Root, name ?? Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes);
        await using var stream = File.OpenRead(path);
        var format = await ImageFormat.DetectAsync(stream);
        Assert.NotNull(format);
        return (path, format);
    }

    /// <summary>A processor with the default options, changed as <paramref name="configure"/> says.</summary>
    public static ImageProcessor Processor(Action<MediaOptions>? configure = null, ILogger<ImageProcessor>? log = null)
    {
        var options = new StarlingOptions();
        configure?.Invoke(options.Media);
        return new ImageProcessor(Microsoft.Extensions.Options.Options.Create(options), log ?? NullLogger<ImageProcessor>.Instance);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
