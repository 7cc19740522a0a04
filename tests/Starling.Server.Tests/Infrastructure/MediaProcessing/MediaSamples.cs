using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// A test's own folder of real media files, made with ffmpeg from its test sources (<c>testsrc</c>, <c>sine</c>), and
/// what ffprobe reads back from the results. The folder goes when the test ends.
/// </summary>
public sealed class MediaSamples : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("starling-media-test-").FullName;

    /// <summary>An empty folder for the processor's results, apart from the inputs.</summary>
    public string WorkDirectory => Directory.CreateDirectory(Path.Combine(Folder, "work")).FullName;

    /// <summary>The processor with the default limits, or these changed.</summary>
    public static AudioVideoProcessor Processor(Action<MediaOptions>? limits = null)
    {
        var options = new StarlingOptions();
        limits?.Invoke(options.Media);
        return new AudioVideoProcessor(Microsoft.Extensions.Options.Options.Create(options), NullLogger<AudioVideoProcessor>.Instance);
    }

    /// <summary>A preview as timelines need it: a JPEG in the work folder, at most 640 pixels on its long side, with a blurhash.</summary>
    public static void AssertPreview(PreviewImage? preview, string workDirectory, int expectedWidth, int expectedHeight)
    {
        Assert.NotNull(preview);
        Assert.Equal((expectedWidth, expectedHeight), (preview.Width, preview.Height));
        Assert.True(Math.Max(preview.Width, preview.Height) <= ImagePreview.LongSide);
        Assert.Equal(workDirectory, Path.GetDirectoryName(preview.File.Path));
        Assert.Equal("image/jpeg", preview.File.ContentType);
        using var decoded = SkiaSharp.SKBitmap.Decode(preview.File.Path);
        Assert.Equal((preview.Width, preview.Height), (decoded.Width, decoded.Height));
        Assert.Matches("^[0-9A-Za-z#$%*+,.:;=?@\\[\\]^_{|}~-]{36}$", preview.Blurhash);
    }

    /// <summary>Runs ffmpeg with <paramref name="arguments"/>, writing <paramref name="name"/> in the folder; returns its path.</summary>
    public string Make(string name, string arguments)
    {
        var path = Path.Combine(Folder, name);
        Run("ffmpeg", $"-hide_banner -loglevel error -y {arguments} \"{path}\"");
        return path;
    }

    /// <summary>
    /// A WebM written as a live recording is, to a stream that cannot be rewound: its length is written nowhere, as
    /// a browser's MediaRecorder leaves it.
    /// </summary>
    public string Streamed(string name, string arguments)
    {
        var path = Path.Combine(Folder, name);
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error {arguments} -f webm pipe:1")
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using (var file = File.Create(path))
        {
            process.StandardOutput.BaseStream.CopyTo(file);
        }
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    /// <summary>A clip of the moving test picture with a tone, in the given size, rate and length.</summary>
    public string Clip(string name, string codecs, string size = "320x240", int rate = 30, double seconds = 2, bool sound = true, string extra = "")
    {
        var sine = sound ? FormattableString.Invariant($"-f lavfi -i sine=frequency=440:duration={seconds}") : "";
        return Make(name, FormattableString.Invariant($"-f lavfi -i testsrc=size={size}:rate={rate}:duration={seconds} {sine} {codecs} {extra}"));
    }

    /// <summary>A tone of the given length.</summary>
    public string Tone(string name, string codecs, double seconds = 3) =>
        Make(name, FormattableString.Invariant($"-f lavfi -i sine=frequency=440:duration={seconds} {codecs}"));

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>ffprobe's reading of a file: its <c>format</c> and <c>streams</c>.</summary>
    public static JsonElement Probe(string path) =>
        JsonDocument.Parse(Run("ffprobe", $"-v error -print_format json -show_format -show_streams \"{path}\"")).RootElement;

    public static JsonElement[] Streams(string path, string type) =>
        Probe(path).GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("codec_type").GetString() == type).ToArray();

    public static string? FormatTag(string path, string tag) =>
        Probe(path).GetProperty("format").TryGetProperty("tags", out var tags) && tags.TryGetProperty(tag, out var value) ? value.GetString() : null;

    /// <summary>
    /// A digest of a stream's compressed packets, as they are in the file: equal for two files only when the stream was
    /// copied from one to the other, not decoded and encoded again.
    /// </summary>
    public static string PacketDigest(string path, string stream) =>
        Run("ffmpeg", $"-hide_banner -loglevel error -i \"{path}\" -map 0:{stream} -c copy -f hash -hash sha256 -").Trim();

    /// <summary>The order of an MP4's top-level boxes, such as ftyp, moov, mdat.</summary>
    public static List<string> TopLevelBoxes(string path)
    {
        var boxes = new List<string>();
        using var file = File.OpenRead(path);
        var header = new byte[16];
        while (file.Position + 8 <= file.Length)
        {
            var start = file.Position;
            file.ReadExactly(header, 0, 8);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            boxes.Add(Encoding.ASCII.GetString(header, 4, 4));
            if (size == 1)
            {
                file.ReadExactly(header, 8, 8);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            }
            else if (size == 0)
            {
                break;
            }
            file.Position = start + size;
        }
        return boxes;
    }

    public static bool IndexComesFirst(string path)
    {
        var boxes = TopLevelBoxes(path);
        return boxes.Contains("moov") && boxes.Contains("mdat") && boxes.IndexOf("moov") < boxes.IndexOf("mdat");
    }

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed: {errors}");
        }
        return output.Result;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
