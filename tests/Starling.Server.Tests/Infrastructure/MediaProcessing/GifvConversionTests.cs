using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.MediaSamples;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

public sealed class GifvConversionTests : IDisposable
{
    private readonly MediaSamples _samples = new();

    [Fact]
    public async Task An_animated_gif_becomes_a_silent_h264_mp4_of_even_sides()
    {
        var input = _samples.Make("dance.gif", "-f lavfi -i testsrc=size=101x75:rate=10:duration=2 -loop 0");

        var media = await Processor().ConvertAnimatedGifAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Gifv, media.Type);
        Assert.Equal(("video/mp4", "mp4"), (media.Original.ContentType, media.Original.Extension));
        var video = Assert.Single(Streams(media.Original.Path, "video"));
        Assert.Equal(("h264", "yuv420p"), (video.GetProperty("codec_name").GetString(), video.GetProperty("pix_fmt").GetString()));
        Assert.Empty(Streams(media.Original.Path, "audio"));
        Assert.True(IndexComesFirst(media.Original.Path));
        Assert.Equal((100, 74), (media.Width, media.Height));
        Assert.Equal(2, media.DurationSeconds!.Value, 0.15);
        Assert.Equal(10, media.FrameRate!.Value, 0.5);
        AssertPreview(media.Preview, _samples.WorkDirectory, 100, 74);
    }

    [Fact]
    public async Task A_gif_over_the_frame_limit_is_rejected()
    {
        var input = _samples.Make("long.gif", "-f lavfi -i testsrc=size=64x48:rate=10:duration=3 -loop 0");

        var rejection = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Processor(limits => limits.MaxVideoFrames = 20).ConvertAnimatedGifAsync(input, _samples.WorkDirectory, CancellationToken.None));

        Assert.StartsWith("Videos may be at most", rejection.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_gif_is_rejected()
    {
        var input = _samples.Clip("clip.mp4", "-c:v libx264 -preset ultrafast -pix_fmt yuv420p", seconds: 0.5, sound: false);

        var rejection = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Processor().ConvertAnimatedGifAsync(input, _samples.WorkDirectory, CancellationToken.None));

        Assert.Equal("The file is not a GIF that can be read", rejection.Message);
    }

    public void Dispose() => _samples.Dispose();
}
