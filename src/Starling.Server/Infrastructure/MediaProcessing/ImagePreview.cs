using SkiaSharp;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>The small picture shown in timelines: an image's, a video's poster frame's, or an audio file's cover.</summary>
public static class ImagePreview
{
    /// <summary>As Mastodon's "small" size: at most 640 pixels on the long side.</summary>
    public const int LongSide = 640;

    private const int JpegQuality = 85;

    /// <summary>
    /// Writes a JPEG of the picture, shrunk to fit <see cref="LongSide"/> (never enlarged), to <paramref name="path"/>,
    /// with the blurhash of the picture. Transparent parts are painted white, as JPEG has no transparency.
    /// </summary>
    public static PreviewImage Write(SKBitmap picture, string path)
    {
        var scale = Math.Min(1.0, (double)LongSide / Math.Max(picture.Width, picture.Height));
        var width = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var height = Math.Max(1, (int)Math.Round(picture.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("No drawing surface for the preview.");
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(picture))
        {
            surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var snapshot = surface.Snapshot();
        using (var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidOperationException("The preview could not be encoded."))
        using (var file = File.Create(path))
        {
            data.SaveTo(file);
        }
        using var shrunk = SKBitmap.FromImage(snapshot);
        return new PreviewImage(new ProcessedFile(path, "image/jpeg", "jpg", new FileInfo(path).Length), width, height, Blurhash.Encode(shrunk));
    }
}
