using System.Diagnostics;
using SkiaSharp;

namespace Starling.Testing;

/// <summary>
/// Real media files for tests, made here: images encoded by SkiaSharp, video and audio by ffmpeg (which the test
/// script installs). A test that needs a file with a particular flaw builds it from one of these.
/// </summary>
public static class TestMedia
{
    public static byte[] Png(int width = 640, int height = 480) => Image(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width = 640, int height = 480) => Image(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>A JPEG of seeded noise, which barely compresses: for tests of size limits.</summary>
    public static byte[] NoisyJpeg(int width = 800, int height = 600)
    {
        var random = new Random(width * 31 + height);
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90) ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG.");
        return data.ToArray();
    }

    public static byte[] WebP(int width = 300, int height = 200) => Image(width, height, SKEncodedImageFormat.Webp);

    /// <summary>A still GIF, made by ffmpeg since SkiaSharp does not write GIFs.</summary>
    public static byte[] Gif(int width = 32, int height = 16) =>
        Ffmpeg("gif", $"-f lavfi -i color=c=red:s={width}x{height} -frames:v 1");

    /// <summary>An animated GIF: it becomes a silent looping MP4 ("gifv").</summary>
    public static byte[] AnimatedGif(int width = 64, int height = 48, double seconds = 1) =>
        Ffmpeg("gif", $"-f lavfi -i testsrc=size={width}x{height}:rate=10 -t {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>An H.264/AAC MP4 of a test pattern with a tone.</summary>
    public static byte[] Mp4(int width = 320, int height = 240, double seconds = 2) =>
        Ffmpeg("mp4", $"-f lavfi -i testsrc=size={width}x{height}:rate=25 -f lavfi -i sine=frequency=440 -t {Seconds(seconds)} " +
            "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>A VP9/Opus WebM, which has to be transcoded to be played everywhere.</summary>
    public static byte[] WebM(int width = 320, int height = 240, double seconds = 1) =>
        Ffmpeg("webm", $"-f lavfi -i testsrc=size={width}x{height}:rate=25 -f lavfi -i sine=frequency=440 -t {Seconds(seconds)} " +
            "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus -shortest");

    public static byte[] Wav(double seconds = 1) => Ffmpeg("wav", $"-f lavfi -i sine=frequency=440 -t {Seconds(seconds)}");

    /// <summary>A picture with two halves, so a preview or blurhash that mixes them up shows.</summary>
    private static byte[] Image(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Crimson);
            using var paint = new SKPaint { Color = SKColors.SteelBlue };
            canvas.DrawRect(width / 2f, 0, width - width / 2f, height, paint);
        }
        using var data = bitmap.Encode(format, 90) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }

    private static string Seconds(double seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Ffmpeg(string extension, string input)
    {
        var output = Path.Combine(Path.GetTempPath(), $"starling-test-{Guid.NewGuid():N}.{extension}");
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -y {input} {output}")
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("ffmpeg did not start.");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed making a test {extension}: {errors}");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
