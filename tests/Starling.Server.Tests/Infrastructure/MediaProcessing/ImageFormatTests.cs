using System.Text;
using Starling.Server.Infrastructure.MediaProcessing;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>Uploads are recognised by their first bytes only; the size comes from the header where the format puts it.</summary>
public sealed class ImageFormatTests
{
    private static Task<ImageFormat?> DetectAsync(byte[] bytes) => ImageFormat.DetectAsync(new MemoryStream(bytes));

    public static TheoryData<string, byte[], string, string, int, int> Images => new()
    {
        { "png", TestImages.Png(640, 480), "image/png", "png", 640, 480 },
        { "gif", TestImages.Gif(32, 16), "image/gif", "gif", 32, 16 },
        { "webp lossy", TestImages.WebPLossy(300, 200), "image/webp", "webp", 300, 200 },
        { "webp lossless", TestImages.WebPLossless(301, 199), "image/webp", "webp", 301, 199 },
        { "webp extended", TestImages.WebPExtended(1000, 700), "image/webp", "webp", 1000, 700 },
        { "jpeg", TestImages.Jpeg(800, 600), "image/jpeg", "jpg", 800, 600 },
        { "jpeg with 200 KB of metadata first", TestImages.Jpeg(4032, 3024, metadataBytes: 200_000), "image/jpeg", "jpg", 4032, 3024 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Each_accepted_format_is_recognised_with_its_size(string name, byte[] bytes, string contentType, string extension, int width, int height)
    {
        var format = await DetectAsync(bytes);

        Assert.NotNull(format);
        Assert.Equal((contentType, extension, width, height), (format.ContentType, format.Extension, format.Width, format.Height));
        Assert.NotEmpty(name);
    }

    public static TheoryData<string, byte[], string, string> FileTypeBoxes => new()
    {
        { "an iPhone photo", EncodedTestImages.FileTypeBox("heic", "mif1", "miaf", "MiHB", "heic"), "image/heic", "heic" },
        { "a burst of HEVC pictures", EncodedTestImages.FileTypeBox("hevc", "msf1", "hevc"), "image/heic", "heic" },
        { "an AV1 picture", EncodedTestImages.FileTypeBox("avif", "avif", "mif1", "miaf", "MA1B"), "image/avif", "avif" },
        { "an AV1 picture whose major brand is the generic one", EncodedTestImages.FileTypeBox("mif1", "mif1", "avif"), "image/avif", "avif" },
        { "an animated AV1 picture", EncodedTestImages.FileTypeBox("avis", "avis", "msf1"), "image/avif", "avif" },
        { "a HEIF of another codec", EncodedTestImages.FileTypeBox("mif1", "mif1"), "image/heif", "heif" },
        { "ffmpeg's AVIF", EncodedTestImages.Avif(), "image/avif", "avif" },
        { "a file-type box longer than the first bytes read", EncodedTestImages.FileTypeBox(["mif1", .. Enumerable.Repeat("miaf", 12), "heix"]), "image/heic", "heic" },
    };

    [Theory]
    [MemberData(nameof(FileTypeBoxes))]
    public async Task Heic_and_avif_are_recognised_by_the_brands_of_their_file_type_box(string name, byte[] bytes, string contentType, string extension)
    {
        var format = await DetectAsync(bytes);

        Assert.NotNull(format);
        Assert.Equal((contentType, extension, true), (format.ContentType, format.Extension, format.IsHeif));
        Assert.NotEmpty(name);
    }

    [Theory]
    [InlineData("isom", "isom", "iso2", "avc1", "mp41")] // An MP4 video.
    [InlineData("qt  ", "qt  ")] // A QuickTime film.
    [InlineData("M4A ", "M4A ", "mp42", "isom")] // An AAC song.
    [InlineData("crx ", "crx ")] // A camera's raw file.
    public async Task Other_iso_media_files_are_not_taken_for_images(params string[] brands)
    {
        Assert.Null(await DetectAsync(EncodedTestImages.FileTypeBox(brands)));
    }

    [Fact]
    public async Task A_file_type_box_cut_short_or_of_a_silly_length_is_no_image()
    {
        var cut = EncodedTestImages.FileTypeBox(["mif1", .. Enumerable.Repeat("miaf", 12), "heic"])[..40];
        var huge = EncodedTestImages.FileTypeBox("heic", "heic");
        huge[0] = 0x7F;

        Assert.Null(await DetectAsync(cut));
        Assert.Null(await DetectAsync(huge));
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<!DOCTYPE html><html><body>not an image</body></html>")]
    [InlineData("%PDF-1.7")]
    [InlineData("GIF88a not quite")]
    [InlineData("RIFF....WAVEfmt ")]
    [InlineData("")]
    public async Task Anything_else_is_refused_whatever_it_claims_to_be(string text)
    {
        Assert.Null(await DetectAsync(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public async Task A_truncated_header_is_still_the_format_but_without_a_size()
    {
        var format = await DetectAsync(TestImages.Png()[..12]);
        var jpeg = await DetectAsync(TestImages.Jpeg(metadataBytes: 1000)[..600]);

        Assert.Equal(("image/png", (int?)null), (format?.ContentType, format?.Width));
        Assert.Equal(("image/jpeg", (int?)null), (jpeg?.ContentType, jpeg?.Height));
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_read_through_for_a_jpeg_size()
    {
        var format = await ImageFormat.DetectAsync(new ForwardOnlyStream(TestImages.Jpeg(1200, 900, metadataBytes: 70_000)));

        Assert.Equal((1200, 900), (format?.Width, format?.Height));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
