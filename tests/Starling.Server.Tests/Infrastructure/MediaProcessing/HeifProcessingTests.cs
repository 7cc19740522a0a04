using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.HeifTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// HEIC and AVIF through the real libheif (heif-convert) and the rest of the picture pipeline: kept as clean JPEG,
/// upright as the file's own rotation says, and refused from the header when too large, or when damaged, with no file
/// left behind.
/// </summary>
public sealed class HeifProcessingTests : IDisposable
{
    private readonly PictureFolder _pictures = new("heif-processing");

    private readonly ListLogger _log = new();

    private string Work => _pictures.Work;

    public void Dispose() => _pictures.Dispose();

    private ImageProcessor Processor(Action<MediaOptions>? configure = null) => PictureFolder.Processor(configure, _log);

    private Task<(string Path, ImageFormat Format)> SaveAsync(byte[] bytes, string name) => _pictures.SaveAsync(bytes, name);

    private async Task<ProcessedMedia> ProcessAsync(byte[] bytes, string name, Action<MediaOptions>? configure = null)
    {
        var (path, format) = await SaveAsync(bytes, name);
        return await Processor(configure).ProcessAsync(path, format, Work);
    }

    public static TheoryData<string, string> Kinds => new() { { "heic", "image/heic" }, { "avif", "image/avif" } };

    private static byte[] Make(string kind, SKBitmap picture) => kind == "heic" ? Heic(Png(picture)) : Avif(Png(picture));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Heic_and_avif_come_out_as_jpeg_of_their_size_with_a_preview(string kind, string contentType)
    {
        using var picture = Quadrants(320, 240);
        var (path, format) = await SaveAsync(Make(kind, picture), "IMG_0001." + kind);
        Assert.Equal(contentType, format.ContentType);

        var media = await Processor().ProcessAsync(path, format, Work);

        Assert.Equal(MediaType.Image, media.Type);
        Assert.Equal(("image/jpeg", "jpg", 320, 240), (media.Original.ContentType, media.Original.Extension, media.Width, media.Height));
        using (var codec = SKCodec.Create(media.Original.Path))
        {
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal((320, 240), (codec.Info.Width, codec.Info.Height));
        }
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.Equal("RGBY", Corners(kept));
        Assert.NotNull(media.Preview);
        Assert.Equal(("image/jpeg", 320, 240), (media.Preview.File.ContentType, media.Preview.Width, media.Preview.Height));
        Assert.Matches("^[0-9A-Za-z#$%*+,.:;=?@\\[\\]^_{|}~-]{36}$", media.Preview.Blurhash);
        // The decoded PNG was a step, not a result.
        Assert.Equal(new[] { "original.jpg", "preview.jpg" }, Directory.GetFiles(Work).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task An_iphone_style_photo_turned_by_its_rotation_property_keeps_nothing_of_its_exif()
    {
        // As an iPhone held upright writes it: stored on its side, with a rotation property and an EXIF block that
        // says the same (orientation 6), a camera name and a location. The rotation is applied once.
        using var stored = Quadrants(400, 300);
        var sent = WithRotation(Heic(WithExif(Jpeg(stored), orientation: 6)), quarterTurnsAnticlockwise: 3);
        Assert.True(Contains(sent, GpsLatitude) && Contains(sent, CameraMake[..9]));

        var media = await ProcessAsync(sent, "IMG_0002.HEIC");

        Assert.Equal((300, 400), (media.Width, media.Height));
        var kept = await File.ReadAllBytesAsync(media.Original.Path);
        using (var upright = SKBitmap.Decode(kept))
        {
            Assert.Equal((300, 400), (upright.Width, upright.Height));
            Assert.Equal("BRYG", Corners(upright)); // What a JPEG with orientation 6 shows.
        }
        Assert.False(Contains(kept, "Exif"u8.ToArray()));
        Assert.False(Contains(kept, GpsLatitude));
        Assert.False(Contains(kept, GpsLongitude));
        Assert.False(Contains(kept, CameraMake[..9]));
        using var codec = SKCodec.Create(new MemoryStream(kept));
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
    }

    [Theory]
    [InlineData(1, 80, 160, "GYRB")]
    [InlineData(2, 160, 80, "YBGR")]
    [InlineData(3, 80, 160, "BRYG")]
    public async Task Each_rotation_property_comes_out_upright(int quarterTurns, int width, int height, string corners)
    {
        using var stored = Quadrants(160, 80);

        var media = await ProcessAsync(WithRotation(Heic(Png(stored)), quarterTurns), "turned.heic");

        Assert.Equal((width, height), (media.Width, media.Height));
        using var upright = SKBitmap.Decode(media.Original.Path);
        Assert.Equal(corners, Corners(upright));
    }

    [Fact]
    public async Task A_large_heic_is_scaled_to_the_kept_size()
    {
        using var picture = Quadrants(800, 600);

        var media = await ProcessAsync(Heic(Png(picture)), "large.heic", o => o.MaxStoredImagePixels = 120_000);

        Assert.Equal((400, 300), (media.Width, media.Height));
        using var kept = SKBitmap.Decode(media.Original.Path);
        Assert.Equal((400, 300), (kept.Width, kept.Height));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_header_claiming_30000_by_30000_is_refused_before_anything_is_decoded(string kind, string contentType)
    {
        using var picture = Quadrants(64, 48);
        var (path, format) = await SaveAsync(WithExtents(Make(kind, picture), 30_000, 30_000), "bomb." + kind);
        Assert.Equal(contentType, format.ContentType);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Processor().ProcessAsync(path, format, Work));

        Assert.Equal("The image is 30000×30000 pixels, more than the 60 megapixels allowed", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Took {clock.Elapsed}");
        Assert.Empty(Directory.GetFiles(Work));
    }

    [Fact]
    public async Task The_pixel_limit_from_the_options_holds_for_heic()
    {
        using var picture = Quadrants(200, 100);
        var (path, format) = await SaveAsync(Heic(Png(picture)), "small.heic");

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Processor(o => o.MaxImagePixels = 19_999).ProcessAsync(path, format, Work));
        var taken = await Processor(o => o.MaxImagePixels = 20_000).ProcessAsync(path, format, Work);

        Assert.Equal("The image is 200×100 pixels, more than the 19,999 pixels allowed", error.Message);
        Assert.Equal((200, 100), (taken.Width, taken.Height));
    }

    public static TheoryData<string, double> Cuts => new()
    {
        { "heic", 0.5 }, { "avif", 0.5 },
        { "heic", 200 }, // Inside the metadata box: refused before heif-convert runs.
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_file_cut_short_is_refused_as_damaged_and_leaves_nothing(string kind, double kept)
    {
        using var picture = Noise(256, 192);
        var whole = Make(kind, picture);
        // A fraction of the file, or so many bytes.
        var (path, format) = await SaveAsync(whole[..(int)(kept > 1 ? kept : whole.Length * kept)], "cut." + kind);
        Assert.Equal(kept > 1, HeifHeader.Read(path) is null);

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Processor().ProcessAsync(path, format, Work));

        Assert.Equal("The image is damaged or incomplete", error.Message);
        Assert.Empty(Directory.GetFiles(Work));
    }

    [Fact]
    public async Task A_file_type_box_with_no_picture_after_it_is_damaged()
    {
        byte[] heic = [.. FileTypeBox("heic", "mif1", "heic"), .. new byte[512]];
        var (path, format) = await SaveAsync(heic, "IMG_0003.HEIC");

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Processor().ProcessAsync(path, format, Work));

        Assert.Equal("The image is damaged or incomplete", error.Message);
    }

    [Fact]
    public async Task Without_heif_convert_heic_is_refused_by_name_and_the_reason_logged_once()
    {
        using var picture = Quadrants(64, 48);
        var (path, format) = await SaveAsync(Heic(Png(picture)), "IMG_0004.HEIC");
        var empty = Directory.CreateDirectory(Path.Combine(_pictures.Root, "no-libheif-here")).FullName;
        var processor = Processor(o => o.HeifFolder = empty);

        var first = await Assert.ThrowsAsync<MediaRejectedException>(() => processor.ProcessAsync(path, format, Work));
        var second = await Assert.ThrowsAsync<MediaRejectedException>(() => processor.ProcessAsync(path, format, Work));

        // SkiaSharp has no HEIF decoder on Linux: the refusal is the one from before libheif was used.
        Assert.Equal("HEIC images are not supported on this server", first.Message);
        Assert.Equal(first.Message, second.Message);
        var warning = Assert.Single(_log.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("heif-convert is not in " + empty, warning.Message);
        Assert.Empty(Directory.GetFiles(Work));
    }

    [Fact]
    public async Task The_libheif_folder_from_the_options_is_used()
    {
        using var picture = Quadrants(64, 48);
        var folder = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .First(directory => File.Exists(Path.Combine(directory, HeifConverter.ProgramName)));

        var media = await ProcessAsync(Heic(Png(picture)), "IMG_0005.HEIC", o => o.HeifFolder = folder);

        Assert.Equal(("image/jpeg", 64, 48), (media.Original.ContentType, media.Width, media.Height));
        Assert.DoesNotContain(_log.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_heic_profile_picture_is_cut_square_and_kept_as_jpeg()
    {
        using var picture = Paint(600, 200, (x, _) => x < 200 ? Green : x < 400 ? Red : Blue);
        var (path, format) = await SaveAsync(Heic(Png(picture)), "avatar.heic");

        var media = await Processor().ProcessAccountPictureAsync(path, format, Work, 400, 400);

        Assert.Equal(("image/jpeg", 200, 200), (media.Original.ContentType, media.Width, media.Height));
        using var avatar = SKBitmap.Decode(media.Original.Path);
        Assert.True(Distance(Red, avatar.GetPixel(100, 100)) < 40);
        Assert.Equal(new[] { "original.jpg" }, Directory.GetFiles(Work).Select(Path.GetFileName));
    }

    /// <summary>The colours seen at the centres of the four quarters: top left, top right, bottom left, bottom right.</summary>
    private static string Corners(SKBitmap picture)
    {
        var (w, h) = (picture.Width, picture.Height);
        return string.Concat(new[] { picture.GetPixel(w / 4, h / 4), picture.GetPixel(3 * w / 4, h / 4), picture.GetPixel(w / 4, 3 * h / 4), picture.GetPixel(3 * w / 4, 3 * h / 4) }
            .Select(colour => new[] { ("R", Red), ("G", Green), ("B", Blue), ("Y", Yellow) }.MinBy(c => Distance(c.Item2, colour)).Item1));
    }

    private static int Distance(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>What was logged, for the tests that look at it.</summary>
    private sealed class ListLogger : ILogger<ImageProcessor>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
