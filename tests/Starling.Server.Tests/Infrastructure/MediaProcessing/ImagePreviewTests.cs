using SkiaSharp;
using Starling.Server.Infrastructure.MediaProcessing;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>The timeline's small picture: at most 640 pixels on its long side, its shape kept, never enlarged.</summary>
public sealed class ImagePreviewTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("image-preview-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(2000, 1000, 640, 320)]
    [InlineData(500, 1500, 213, 640)]
    [InlineData(640, 640, 640, 640)]
    [InlineData(641, 3, 640, 3)]
    [InlineData(300, 200, 300, 200)]
    [InlineData(1, 1, 1, 1)]
    public void The_preview_fits_640_keeps_its_shape_and_is_never_enlarged(int width, int height, int previewWidth, int previewHeight)
    {
        using var picture = Quadrants(width, height);
        var path = Path.Combine(_folder, "preview.jpg");

        var preview = ImagePreview.Write(picture, path);

        Assert.Equal((previewWidth, previewHeight), (preview.Width, preview.Height));
        Assert.Equal(("image/jpeg", "jpg", path, new FileInfo(path).Length), (preview.File.ContentType, preview.File.Extension, preview.File.Path, preview.File.Length));
        using var codec = SKCodec.Create(path);
        Assert.Equal((SKEncodedImageFormat.Jpeg, previewWidth, previewHeight), (codec.EncodedFormat, codec.Info.Width, codec.Info.Height));
        Assert.Equal(36, preview.Blurhash.Length);
    }

    [Fact]
    public void Transparent_parts_are_white_in_the_preview()
    {
        using var picture = Solid(50, 50, SKColors.Transparent);
        var path = Path.Combine(_folder, "preview.jpg");

        ImagePreview.Write(picture, path);

        using var decoded = SKBitmap.Decode(path);
        var pixel = decoded.GetPixel(25, 25);
        Assert.True(pixel.Red > 245 && pixel.Green > 245 && pixel.Blue > 245, $"Got {pixel}");
    }
}
