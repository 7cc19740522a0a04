using SkiaSharp;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// Pictures larger than a kept original may be (3840×2160's worth of pixels, as on Mastodon) are scaled down with their
/// shape kept, upright, and reported at the size kept; smaller ones keep their size.
/// </summary>
public sealed class ImageScalingTests : IDisposable
{
    private const long Limit = 3840 * 2160;

    private readonly PictureFolder _pictures = new("image-scaling");

    public void Dispose() => _pictures.Dispose();

    private async Task<ProcessedMedia> ProcessAsync(byte[] bytes, Action<MediaOptions>? configure = null)
    {
        var (path, format) = await _pictures.SaveAsync(bytes);
        return PictureFolder.Processor(configure).Process(path, format, _pictures.NewWork());
    }

    [Fact]
    public async Task A_24_megapixel_photo_is_kept_at_3840_by_2160s_worth_of_pixels_with_its_shape()
    {
        using var stored = Quadrants(6000, 4000);

        var media = await ProcessAsync(Jpeg(stored));

        var (width, height) = (media.Width ?? 0, media.Height ?? 0);
        Assert.InRange((long)width * height, Limit * 99 / 100, Limit);
        Assert.Equal(1.5, (double)width / height, 2);
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((width, height), (kept.Width, kept.Height));
        Assert.Equal("RGBY", Corners(kept));
        Assert.Equal((640, 427), (media.Preview!.Width, media.Preview.Height));
    }

    [Fact]
    public async Task A_large_photo_on_its_side_comes_out_upright_and_scaled()
    {
        using var stored = Quadrants(6000, 4000);

        var media = await ProcessAsync(WithExif(Jpeg(stored), orientation: 6));

        var (width, height) = (media.Width ?? 0, media.Height ?? 0);
        Assert.True(height > width, $"{width}×{height} is not upright");
        Assert.InRange((long)width * height, Limit * 99 / 100, Limit);
        Assert.Equal(1.5, (double)height / width, 2);
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((width, height), (kept.Width, kept.Height));
        // Orientation 6: what was stored at the bottom left is shown at the top left, as in the unscaled case.
        Assert.Equal("BRYG", Corners(kept));
    }

    [Fact]
    public async Task A_picture_of_exactly_3840_by_2160_keeps_its_size()
    {
        using var stored = Quadrants(3840, 2160);

        var media = await ProcessAsync(Jpeg(stored));

        Assert.Equal((3840, 2160), (media.Width, media.Height));
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((3840, 2160), (kept.Width, kept.Height));
    }

    public static TheoryData<string, byte[]> Formats
    {
        get
        {
            using var picture = Quadrants(1200, 800);
            return new()
            {
                { "jpeg", Jpeg(picture) },
                { "png", Png(picture) },
                { "lossy webp", WebP(picture) },
                { "lossless webp", WebP(picture, lossless: true) },
                { "still gif", Gif(picture) },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_format_is_scaled_to_the_configured_limit(string name, byte[] bytes)
    {
        var media = await ProcessAsync(bytes, o => o.MaxStoredImagePixels = 240_000);

        Assert.Equal((600, 400), (media.Width, media.Height));
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.True((kept.Width, kept.Height) == (600, 400), $"{name}: kept {kept.Width}×{kept.Height}");
        Assert.Equal("RGBY", Corners(kept));
    }

    [Theory]
    [InlineData(6000, 4000, 8_294_400, 3527, 2351)]
    [InlineData(4000, 6000, 8_294_400, 2351, 3527)]
    [InlineData(3840, 2160, 8_294_400, 3840, 2160)]
    [InlineData(3841, 2160, 8_294_400, 3840, 2159)]
    [InlineData(1200, 800, 240_000, 600, 400)]
    [InlineData(65_535, 2, 1000, 1000, 1)] // Too thin to keep its shape: one row, as long as the limit allows.
    [InlineData(2, 65_535, 1000, 1, 1000)]
    public void The_kept_size_fits_the_limit_with_the_shape_kept(int width, int height, long limit, int keptWidth, int keptHeight)
    {
        var (w, h) = ImageProcessor.KeptSize(width, height, limit);

        Assert.Equal((keptWidth, keptHeight), (w, h));
        Assert.True((long)w * h <= limit);
    }

    /// <summary>The colours at the centres of the four quarters, as R, G, B or Y.</summary>
    private static string Corners(SKBitmap picture)
    {
        var (w, h) = (picture.Width, picture.Height);
        SKColor[] seen = [picture.GetPixel(w / 4, h / 4), picture.GetPixel(3 * w / 4, h / 4), picture.GetPixel(w / 4, 3 * h / 4), picture.GetPixel(3 * w / 4, 3 * h / 4)];
        return string.Concat(seen.Select(c => new[] { ("R", Red), ("G", Green), ("B", Blue), ("Y", Yellow) }
            .MinBy(known => Math.Abs(known.Item2.Red - c.Red) + Math.Abs(known.Item2.Green - c.Green) + Math.Abs(known.Item2.Blue - c.Blue)).Item1));
    }
}
