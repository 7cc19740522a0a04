using Microsoft.Extensions.Logging.Abstractions;
using Starling.Server.Infrastructure.MediaProcessing;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.HeifTestImages;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

/// <summary>
/// The heif-convert process itself: what the header reader tells it, the picture it writes, and that a run past its
/// time or cancelled is killed with nothing left behind.
/// </summary>
public sealed class HeifConverterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heif-converter-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static HeifConverter Converter() => new("", NullLogger.Instance);

    private string Save(byte[] bytes, string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Work => Directory.CreateDirectory(Path.Combine(_folder, "work")).FullName;

    [Fact]
    public async Task The_header_gives_the_primary_size_and_the_png_written_has_it()
    {
        using var picture = Quadrants(200, 100);
        var heic = Save(Heic(Png(picture)), "one.heic");

        var header = HeifHeader.Read(heic);
        Assert.NotNull(header);
        Assert.Equal((200L, 100L, 0, 1), (header.Width, header.Height, header.PrimaryIndex, header.TopLevel.Count));
        var png = Path.Combine(Work, "decoded.png");
        Assert.True(await Converter().ConvertAsync(heic, png, header.PrimaryIndex, header.TopLevel.Count, HeifConverter.Timeout(20_000), CancellationToken.None));

        using var decoded = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((200, 100), (decoded.Width, decoded.Height));
        Assert.Equal(new[] { png }, Directory.GetFiles(Work));
    }

    [Fact]
    public async Task Of_a_file_holding_two_pictures_only_the_primary_is_kept()
    {
        using var first = Solid(120, 80, Red);
        using var second = Solid(60, 40, Blue);
        var input = Save(Heic(Png(first), Png(second)), "two.heic");

        var header = HeifHeader.Read(input)!;
        Assert.Equal((2, 120L, 80L), (header.TopLevel.Count, header.Width, header.Height));
        var png = Path.Combine(Work, "decoded.png");
        Assert.True(await Converter().ConvertAsync(input, png, header.PrimaryIndex, header.TopLevel.Count, HeifConverter.Timeout(20_000), CancellationToken.None));

        using var decoded = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((120, 80), (decoded.Width, decoded.Height));
        Assert.Equal(new[] { png }, Directory.GetFiles(Work));
    }

    [Fact]
    public async Task A_run_past_its_time_is_killed_and_refused_and_a_cancelled_one_is_cancelled()
    {
        using var picture = Noise(1024, 768);
        var heic = Save(Heic(Png(picture)), "slow.heic");
        var png = Path.Combine(Work, "decoded.png");

        var late = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Converter().ConvertAsync(heic, png, 0, 1, TimeSpan.FromMilliseconds(1), CancellationToken.None));
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Converter().ConvertAsync(heic, png, 0, 1, TimeSpan.FromMinutes(1), cancelled.Token));

        Assert.Equal("The image took too long to decode", late.Message);
        Assert.Empty(Directory.GetFiles(Work));
    }
}
