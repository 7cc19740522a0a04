using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SkiaSharp;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// Real pictures through the real decoders and encoders: what is kept is upright, of the right kind, and carries
/// nothing of the sent file but its pixels; what cannot be taken is refused with a reason, before decoding when the
/// header already tells.
/// </summary>
public sealed class ImageProcessorTests : IDisposable
{
    private readonly PictureFolder _pictures = new("image-processor");

    private string Work => _pictures.Work;

    public void Dispose() => _pictures.Dispose();

    private static ImageProcessor Processor(Action<MediaOptions>? configure = null) => PictureFolder.Processor(configure);

    private Task<(string Path, ImageFormat Format)> SaveAsync(byte[] bytes, string name = "upload.bin") => _pictures.SaveAsync(bytes, name);

    private async Task<ProcessedMedia> ProcessAsync(byte[] bytes, string name = "upload.bin")
    {
        var (path, format) = await SaveAsync(bytes, name);
        return Processor().Process(path, format, _pictures.NewWork());
    }

    public static TheoryData<string, byte[], string, string> Formats
    {
        get
        {
            using var picture = Quadrants(300, 200);
            return new()
            {
                { "jpeg", Jpeg(picture), "image/jpeg", "jpg" },
                { "png", Png(picture), "image/png", "png" },
                { "lossy webp", WebP(picture), "image/webp", "webp" },
                { "lossless webp", WebP(picture, lossless: true), "image/webp", "webp" },
                { "still gif", Gif(picture), "image/png", "png" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_format_comes_out_as_a_clean_picture_of_its_kind_with_a_preview(string name, byte[] bytes, string contentType, string extension)
    {
        var media = await ProcessAsync(bytes, "upload." + name.Replace(' ', '-'));

        Assert.Equal(MediaType.Image, media.Type);
        Assert.Equal((contentType, extension, 300, 200), (media.Original.ContentType, media.Original.Extension, media.Width, media.Height));
        Assert.Equal("original." + extension, Path.GetFileName(media.Original.Path));
        Assert.Equal(Path.GetDirectoryName(media.Original.Path), Path.GetDirectoryName(media.Preview?.File.Path));
        Assert.Equal(new FileInfo(media.Original.Path).Length, media.Original.Length);
        var kept = await File.ReadAllBytesAsync(media.Original.Path);
        using (var codec = SKCodec.Create(new MemoryStream(kept)))
        {
            Assert.Equal((300, 200), (codec.Info.Width, codec.Info.Height));
            Assert.Equal(contentType, "image/" + codec.EncodedFormat.ToString().ToLowerInvariant());
        }
        using var decoded = SKBitmap.Decode(kept);
        AssertColour(Red, decoded.GetPixel(75, 50));
        AssertColour(Yellow, decoded.GetPixel(225, 150));
        Assert.NotNull(media.Preview);
        Assert.Equal(("image/jpeg", 300, 200), (media.Preview.File.ContentType, media.Preview.Width, media.Preview.Height));
        Assert.True(File.Exists(media.Preview.File.Path));
    }

    [Fact]
    public async Task A_lossless_webp_stays_lossless_and_a_lossy_one_lossy()
    {
        using var picture = Quadrants(64, 64);
        var lossless = await ProcessAsync(WebP(picture, lossless: true), "lossless.webp");
        var lossy = await ProcessAsync(WebP(picture), "lossy.webp");

        Assert.Equal("VP8L", FirstImageChunk(await File.ReadAllBytesAsync(lossless.Original.Path)));
        Assert.Equal("VP8 ", FirstImageChunk(await File.ReadAllBytesAsync(lossy.Original.Path)));
    }

    // Stored corners: red top left, green top right, blue bottom left, yellow bottom right; what each EXIF
    // orientation says is shown at top left, top right, bottom left, bottom right.
    public static TheoryData<int, string> Orientations => new()
    {
        { 1, "RGBY" }, { 2, "GRYB" }, { 3, "YBGR" }, { 4, "BYRG" },
        { 5, "RBGY" }, { 6, "BRYG" }, { 7, "YGBR" }, { 8, "GYRB" },
    };

    [Theory]
    [MemberData(nameof(Orientations))]
    public async Task Every_exif_orientation_comes_out_upright(int orientation, string corners)
    {
        using var stored = Quadrants(160, 80);
        var media = await ProcessAsync(WithExif(Jpeg(stored), orientation));

        var sideways = orientation >= 5;
        Assert.Equal(sideways ? (80, 160) : (160, 80), (media.Width, media.Height));
        using var upright = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((media.Width, media.Height), (upright.Width, upright.Height));
        var (w, h) = (upright.Width, upright.Height);
        var seen = new[] { upright.GetPixel(w / 4, h / 4), upright.GetPixel(3 * w / 4, h / 4), upright.GetPixel(w / 4, 3 * h / 4), upright.GetPixel(3 * w / 4, 3 * h / 4) };
        Assert.Equal(corners, string.Concat(seen.Select(Name)));
    }

    [Fact]
    public async Task A_phone_photo_on_its_side_is_turned_and_loses_its_exif_and_location()
    {
        using var stored = Quadrants(400, 300);
        var sent = WithExif(Jpeg(stored), orientation: 6);
        Assert.True(Contains(sent, GpsLatitude) && Contains(sent, "Exif\0\0"u8.ToArray()) && Contains(sent, CameraMake));

        var media = await ProcessAsync(sent, "IMG_0001.JPG");

        Assert.Equal((300, 400), (media.Width, media.Height));
        var kept = await File.ReadAllBytesAsync(media.Original.Path);
        Assert.DoesNotContain(AppSegments(kept), s => s.Marker == 0xE1);
        Assert.False(Contains(kept, "Exif"u8.ToArray()));
        Assert.False(Contains(kept, GpsLatitude));
        Assert.False(Contains(kept, GpsLongitude));
        Assert.False(Contains(kept, CameraMake[..9]));
        Assert.False(Contains(kept, "ICC_PROFILE"u8.ToArray()));
        using var codec = SKCodec.Create(new MemoryStream(kept));
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        Assert.Equal(SKEncodedOrigin.RightTop, SKCodec.Create(new MemoryStream(sent)).EncodedOrigin);
    }

    [Fact]
    public async Task A_png_claiming_30000_by_30000_is_refused_from_its_header_at_once()
    {
        var (path, format) = await SaveAsync(PngHeaderOnly(30_000, 30_000), "bomb.png");
        Assert.Equal((30_000, 30_000), (format.Width, format.Height));
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<MediaRejectedException>(() => Processor().Process(path, format, Work));
        // Without the signature check's size, the decoder's header is read and refused the same way.
        var fromDecoder = Assert.Throws<MediaRejectedException>(() => Processor().Process(path, format with { Width = null, Height = null }, Work));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Took {clock.Elapsed}");
        Assert.Equal("The image is 30000×30000 pixels, more than the 60 megapixels allowed", error.Message);
        Assert.Equal(error.Message, fromDecoder.Message);
        Assert.Empty(Directory.GetFiles(Work));
    }

    [Fact]
    public async Task The_pixel_and_byte_limits_come_from_the_options()
    {
        using var picture = Noise(200, 100);
        var (path, format) = await SaveAsync(Png(picture), "noise.png");

        var pixels = Assert.Throws<MediaRejectedException>(() => Processor(o => o.MaxImagePixels = 19_999).Process(path, format, Work));
        var bytes = Assert.Throws<MediaRejectedException>(() => Processor(o => o.MaxUploadBytes = 10_000).Process(path, format, Work));
        var taken = Processor(o => o.MaxImagePixels = 20_000).Process(path, format, _pictures.NewWork());

        Assert.Equal("The image is 200×100 pixels, more than the 19,999 pixels allowed", pixels.Message);
        Assert.Equal("The image is larger than 9.8 KB", bytes.Message);
        Assert.Equal((200, 100), (taken.Width, taken.Height));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp")]
    public async Task A_file_cut_short_is_refused_as_damaged(string kind)
    {
        using var picture = Noise(200, 150);
        var whole = kind switch { "jpeg" => Jpeg(picture), "png" => Png(picture), _ => WebP(picture) };
        var (path, format) = await SaveAsync(whole[..(whole.Length / 2)]);

        var error = Assert.Throws<MediaRejectedException>(() => Processor().Process(path, format, Work));

        Assert.Equal("The image is damaged or incomplete", error.Message);
        Assert.Empty(Directory.GetFiles(Work));
    }

    [Theory]
    [InlineData(0, 10, "The image is damaged or incomplete")] // The decoder refuses a side of nought outright.
    [InlineData(70_000, 10, "The image is 70000×10 pixels, longer than 65535 pixels on a side")]
    public async Task A_header_with_no_pixels_or_an_absurd_side_is_refused(int width, int height, string reason)
    {
        var (path, format) = await SaveAsync(PngHeaderOnly(width, height), "strange.png");

        var error = Assert.Throws<MediaRejectedException>(() => Processor().Process(path, format, Work));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public async Task An_empty_file_is_no_image_at_all()
    {
        var path = Path.Combine(_pictures.Root, "empty.jpg");
        await File.WriteAllBytesAsync(path, []);
        await using (var stream = File.OpenRead(path))
        {
            Assert.Null(await ImageFormat.DetectAsync(stream));
        }

        var error = Assert.Throws<MediaRejectedException>(() => Processor().Process(path, new ImageFormat("image/jpeg", "jpg", null, null), Work));

        Assert.Equal("The file is empty", error.Message);
    }

    [Fact]
    public async Task A_png_named_jpg_is_processed_as_the_png_it_is()
    {
        using var picture = Quadrants(120, 90);

        var media = await ProcessAsync(Png(picture), "holiday.jpg");

        Assert.Equal(("image/png", "png"), (media.Original.ContentType, media.Original.Extension));
        using var codec = SKCodec.Create(media.Original.Path);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
    }

    [Fact]
    public async Task A_jpeg_with_a_zip_archive_after_it_keeps_only_the_picture()
    {
        using var picture = Quadrants(200, 100);
        var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("payload.html").Open();
            await entry.WriteAsync("<script>alert(document.cookie)</script>"u8.ToArray());
        }
        byte[] polyglot = [.. Jpeg(picture), .. archive.ToArray()];
        Assert.True(Contains(polyglot, "PK\x03\x04"u8.ToArray()));

        var media = await ProcessAsync(polyglot, "innocent.jpg");

        var kept = await File.ReadAllBytesAsync(media.Original.Path);
        Assert.False(Contains(kept, "PK\x03\x04"u8.ToArray()));
        Assert.False(Contains(kept, "payload.html"u8.ToArray()));
        Assert.Equal(0xD9, kept[^1]);
        Assert.Equal((200, 100), (media.Width, media.Height));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task A_picture_with_a_script_after_it_keeps_only_the_picture(string kind)
    {
        using var picture = Quadrants(100, 100);
        var script = "<html><script>fetch('/api/v1/accounts/verify_credentials')</script></html>"u8.ToArray();
        byte[] polyglot = [.. kind == "jpeg" ? Jpeg(picture) : Png(picture), .. script];

        var media = await ProcessAsync(polyglot);

        var kept = await File.ReadAllBytesAsync(media.Original.Path);
        Assert.False(Contains(kept, "<script"u8.ToArray()));
        Assert.False(Contains(kept, "<html"u8.ToArray()));
        Assert.Equal((100, 100), (media.Width, media.Height));
    }

    [Fact]
    public async Task An_animated_gif_is_told_apart_from_a_still_one_and_left_to_the_video_path()
    {
        using var first = Solid(40, 30, Red);
        using var second = Solid(40, 30, Blue);
        var (animated, animatedFormat) = await SaveAsync(Gif(first, second), "animated.gif");
        var (still, _) = await SaveAsync(Gif(first), "still.gif");
        var (png, _) = await SaveAsync(Png(first), "still.png");

        Assert.True(ImageProcessor.IsAnimatedGif(animated));
        Assert.False(ImageProcessor.IsAnimatedGif(still));
        Assert.False(ImageProcessor.IsAnimatedGif(png));
        Assert.Throws<InvalidOperationException>(() => Processor().Process(animated, animatedFormat, Work));
    }

    [Fact]
    public async Task An_avatar_is_cut_to_a_centred_square_of_400()
    {
        // Green, red, blue bands; the centred square of a 1200×400 picture is all red.
        using var picture = Paint(1200, 400, (x, _) => x < 400 ? Green : x < 800 ? Red : Blue);
        var (path, format) = await SaveAsync(Jpeg(picture));

        var media = await Processor().ProcessAccountPictureAsync(path, format, Work, 400, 400);

        Assert.Equal(("image/jpeg", 400, 400), (media.Original.ContentType, media.Width, media.Height));
        Assert.Null(media.Preview);
        using var avatar = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((400, 400), (avatar.Width, avatar.Height));
        foreach (var (x, y) in new[] { (8, 8), (391, 8), (8, 391), (391, 391), (200, 200) })
        {
            AssertColour(Red, avatar.GetPixel(x, y));
        }
    }

    [Fact]
    public async Task A_header_is_shrunk_to_1500_by_500_and_a_small_picture_is_cut_but_never_enlarged()
    {
        using var large = Quadrants(1800, 1200);
        using var small = Quadrants(300, 200);
        var (largePath, largeFormat) = await SaveAsync(Png(large), "large.png");
        var (smallPath, smallFormat) = await SaveAsync(WebP(small), "small.webp");

        var header = await Processor().ProcessAccountPictureAsync(largePath, largeFormat, Work, 1500, 500);
        var avatar = await Processor().ProcessAccountPictureAsync(smallPath, smallFormat, _pictures.NewWork(), 400, 400);

        Assert.Equal(("image/png", 1500, 500), (header.Original.ContentType, header.Width, header.Height));
        Assert.Equal(("image/jpeg", 200, 200), (avatar.Original.ContentType, avatar.Width, avatar.Height));
        using var decoded = SKBitmap.Decode(avatar.Original.Path);
        Assert.Equal((200, 200), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task An_account_picture_is_turned_upright_before_it_is_cut()
    {
        // Stored 400×200 on its side (orientation 8): upright it is 200×400, and its top half is green then yellow.
        using var stored = Quadrants(400, 200);
        var (path, format) = await SaveAsync(WithExif(Jpeg(stored), orientation: 8));

        var media = await Processor().ProcessAccountPictureAsync(path, format, Work, 100, 200);

        using var picture = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((100, 200), (picture.Width, picture.Height));
        Assert.Equal("GYRB", string.Concat(new[] { picture.GetPixel(25, 50), picture.GetPixel(75, 50), picture.GetPixel(25, 150), picture.GetPixel(75, 150) }.Select(Name)));
        Assert.False(Contains(await File.ReadAllBytesAsync(media.Original.Path), GpsLatitude));
    }

    private static string Name(SKColor colour) =>
        new[] { ("R", Red), ("G", Green), ("B", Blue), ("Y", Yellow) }.MinBy(c => Distance(c.Item2, colour)).Item1;

    private static int Distance(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);

    private static void AssertColour(SKColor expected, SKColor actual) =>
        Assert.True(Distance(expected, actual) < 40, $"Expected about {expected}, got {actual}");

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The JPEG's segments before its image data, as (marker, payload).</summary>
    private static List<(byte Marker, byte[] Payload)> AppSegments(byte[] jpeg)
    {
        var segments = new List<(byte, byte[])>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA)
        {
            var length = jpeg[at + 2] << 8 | jpeg[at + 3];
            segments.Add((jpeg[at + 1], jpeg[(at + 4)..(at + 2 + length)]));
            at += 2 + length;
        }
        Assert.NotEmpty(segments);
        return segments;
    }

    private static string FirstImageChunk(byte[] webp)
    {
        var at = 12;
        while (at + 8 <= webp.Length)
        {
            var chunk = Encoding.ASCII.GetString(webp, at, 4);
            if (chunk is "VP8 " or "VP8L")
            {
                return chunk;
            }
            at += 8 + (int)(BitConverter.ToUInt32(webp, at + 4) + 1 & ~1u);
        }
        return "";
    }
}
