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

    /// <summary>
    /// A dusk sky over a dark shore with a murmuration in it: a picture that looks like something, for the README's
    /// screenshots. Seeded, so every run draws the same flock.
    /// </summary>
    public static byte[] DuskWithFlock(int width = 1600, int height = 1000)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height),
                    [new SKColor(0x1B, 0x24, 0x4A), new SKColor(0x8E, 0x4A, 0x6B), new SKColor(0xF2, 0x9E, 0x4C)], [0f, 0.55f, 0.85f],
                    SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, sky);
            using var shore = new SKPaint { Color = new SKColor(0x14, 0x16, 0x1C), IsAntialias = true };
            using var reeds = new SKPath();
            reeds.MoveTo(0, height);
            for (var x = 0; x <= width; x += 8)
            {
                reeds.LineTo(x, height * 0.86f - (float)(Math.Sin(x / 37.0) * 6 + Math.Sin(x / 11.0) * 3));
            }
            reeds.LineTo(width, height);
            reeds.Close();
            canvas.DrawPath(reeds, shore);
            // The flock: birds spread about a curved ribbon, thickest in its middle, as a murmuration turns.
            var random = new Random(2009);
            using var bird = new SKPaint { Color = new SKColor(0x10, 0x10, 0x16, 0xE0), IsAntialias = true };
            for (var i = 0; i < 6000; i++)
            {
                var t = random.NextDouble();
                var along = width * (0.18 + 0.64 * t);
                var centre = height * (0.42 + 0.16 * Math.Sin(t * Math.PI * 1.6));
                var spread = height * 0.13 * Math.Sin(t * Math.PI) + 4;
                var offset = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * spread;
                canvas.DrawCircle((float)(along + offset * 0.4), (float)(centre + offset), 1.2f + (float)random.NextDouble(), bird);
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 88) ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG.");
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
