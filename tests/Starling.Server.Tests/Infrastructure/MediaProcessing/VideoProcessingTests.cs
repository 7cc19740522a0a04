using System.Text;
using Starling.Server.Data.Entities;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.MediaSamples;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

public sealed class VideoProcessingTests : IDisposable
{
    private const string H264Aac = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest";

    private readonly MediaSamples _samples = new();

    [Fact]
    public async Task An_mp4_of_h264_and_aac_is_copied_not_encoded_with_its_index_first_and_its_title_gone()
    {
        var input = _samples.Clip("phone.mp4", H264Aac, extra: "-metadata title=Secret");
        Assert.False(IndexComesFirst(input));
        Assert.Equal("Secret", FormatTag(input, "title"));

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Video, media.Type);
        Assert.Equal(("video/mp4", "mp4"), (media.Original.ContentType, media.Original.Extension));
        Assert.Equal(new FileInfo(media.Original.Path).Length, media.Original.Length);
        Assert.Equal(PacketDigest(input, "v:0"), PacketDigest(media.Original.Path, "v:0"));
        Assert.Equal(PacketDigest(input, "a:0"), PacketDigest(media.Original.Path, "a:0"));
        Assert.True(IndexComesFirst(media.Original.Path));
        Assert.Null(FormatTag(media.Original.Path, "title"));
        Assert.Equal((320, 240), (media.Width, media.Height));
        Assert.Equal(30, media.FrameRate!.Value, 0.01);
        Assert.Equal(2, media.DurationSeconds!.Value, 0.1);
        Assert.InRange(media.Bitrate!.Value, 10_000, 10_000_000);
        AssertPreview(media.Preview, _samples.WorkDirectory, 320, 240);
    }

    [Fact]
    public async Task One_processor_keeps_working_after_an_earlier_files_work_folder_is_gone()
    {
        // The processor is one for the whole server; each upload's work folder is deleted when it is done.
        var processor = Processor();
        var first = Directory.CreateDirectory(Path.Combine(_samples.Folder, "first")).FullName;
        await processor.ProcessAsync(_samples.Clip("first.webm", "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus -shortest", seconds: 1), first,
            CancellationToken.None);
        Directory.Delete(first, recursive: true);

        var probe = await processor.ProbeAsync(_samples.Clip("second.mp4", H264Aac), CancellationToken.None);
        var second = await processor.ProcessAsync(_samples.Clip("third.webm", "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus -shortest", seconds: 1),
            _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Video, probe.Type);
        Assert.Equal(MediaType.Video, second.Type);
    }

    [Fact]
    public async Task A_webm_of_vp9_and_opus_becomes_an_mp4_of_h264_and_aac()
    {
        var input = _samples.Clip("clip.webm", "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus -shortest", seconds: 1.5);

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Video, media.Type);
        Assert.Contains("mp4", Probe(media.Original.Path).GetProperty("format").GetProperty("format_name").GetString());
        var video = Assert.Single(Streams(media.Original.Path, "video"));
        Assert.Equal(("h264", "yuv420p"), (video.GetProperty("codec_name").GetString(), video.GetProperty("pix_fmt").GetString()));
        Assert.Equal("aac", Assert.Single(Streams(media.Original.Path, "audio")).GetProperty("codec_name").GetString());
        Assert.True(IndexComesFirst(media.Original.Path));
        Assert.Equal(1.5, media.DurationSeconds!.Value, 0.1);
        AssertPreview(media.Preview, _samples.WorkDirectory, 320, 240);
    }

    [Theory]
    [InlineData("-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest")]
    [InlineData("-c:v mpeg4 -c:a pcm_s16le -shortest")]
    public async Task A_movs_location_is_not_kept_whether_copied_or_encoded(string codecs)
    {
        var input = _samples.Clip("phone.mov", codecs, extra: "-metadata location=+48.8584+002.2945/ -metadata make=Phone");
        Assert.Equal("+48.8584+002.2945/", FormatTag(input, "location"));

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Null(FormatTag(media.Original.Path, "location"));
        Assert.Null(FormatTag(media.Original.Path, "make"));
        var bytes = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(media.Original.Path));
        Assert.DoesNotContain("48.8584", bytes);
        Assert.DoesNotContain("Phone", bytes);
        Assert.Equal("aac", Assert.Single(Streams(media.Original.Path, "audio")).GetProperty("codec_name").GetString());
    }

    [Fact]
    public async Task An_odd_sized_video_is_made_even_sized()
    {
        var input = _samples.Clip("odd.mp4", "-c:v libx264 -preset ultrafast -pix_fmt yuv444p -c:a aac -shortest", size: "321x241");

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal((320, 240), (media.Width, media.Height));
        var video = Assert.Single(Streams(media.Original.Path, "video"));
        Assert.Equal((320, 240), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("yuv420p", video.GetProperty("pix_fmt").GetString());
    }

    [Fact]
    public async Task A_video_without_sound_stays_a_video_without_sound()
    {
        var input = _samples.Clip("silent.mkv", "-c:v mpeg4", sound: false);

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(MediaType.Video, media.Type);
        Assert.Empty(Streams(media.Original.Path, "audio"));
        Assert.Equal("h264", Assert.Single(Streams(media.Original.Path, "video")).GetProperty("codec_name").GetString());
        Assert.Equal(2, media.DurationSeconds!.Value, 0.1);
    }

    [Fact]
    public async Task A_recording_that_does_not_tell_its_length_is_kept_with_the_length_it_has()
    {
        var input = _samples.Streamed("live.webm", "-f lavfi -i testsrc=size=160x120:rate=30:duration=2 -c:v libvpx -deadline realtime -cpu-used 8");
        Assert.False(Probe(input).GetProperty("format").TryGetProperty("duration", out _));

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(2, media.DurationSeconds!.Value, 0.1);
        Assert.Equal("60", Assert.Single(Streams(media.Original.Path, "video")).GetProperty("nb_frames").GetString());
    }

    [Fact]
    public async Task A_video_recorded_sideways_is_described_as_it_is_shown()
    {
        var upright = _samples.Clip("upright.mp4", H264Aac);
        var input = _samples.Make("sideways.mp4", $"-i \"{upright}\" -c copy -metadata:s:v rotate=90");

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal((240, 320), (media.Width, media.Height));
        AssertPreview(media.Preview, _samples.WorkDirectory, 240, 320);
    }

    [Fact]
    public async Task A_large_video_gets_a_poster_of_at_most_640_pixels()
    {
        var input = _samples.Clip("wide.mp4", H264Aac, size: "1280x720", seconds: 1);

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal((1280, 720), (media.Width, media.Height));
        AssertPreview(media.Preview, _samples.WorkDirectory, 640, 360);
    }

    [Fact]
    public async Task A_clip_shorter_than_a_second_gets_its_first_frame_as_poster()
    {
        var input = _samples.Clip("short.mp4", H264Aac, seconds: 0.2);

        var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);

        Assert.Equal(0.2, media.DurationSeconds!.Value, 0.1);
        AssertPreview(media.Preview, _samples.WorkDirectory, 320, 240);
    }

    [Fact]
    public async Task The_ffmpeg_folder_from_the_options_is_used()
    {
        var input = _samples.Clip("phone.mp4", H264Aac, seconds: 0.5);
        var folder = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .First(directory => File.Exists(Path.Combine(directory, "ffmpeg")));
        var empty = Directory.CreateDirectory(Path.Combine(_samples.Folder, "no-ffmpeg-here")).FullName;

        var media = await Processor(limits => limits.FFmpegFolder = folder).ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);
        var missing = await Record.ExceptionAsync(() =>
            Processor(limits => limits.FFmpegFolder = empty).ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None));

        Assert.True(File.Exists(media.Original.Path));
        // A server without ffmpeg is the server's fault, never the sender's.
        Assert.NotNull(missing);
        Assert.IsNotType<Starling.Server.Infrastructure.MediaProcessing.MediaRejectedException>(missing);
    }

    public void Dispose() => _samples.Dispose();
}
