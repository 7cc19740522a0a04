using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.MediaProcessing;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.MediaSamples;

namespace Starling.Server.Tests.Infrastructure.MediaProcessing;

public sealed class AudioVideoRejectionTests : IDisposable
{
    private const string H264Aac = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest";

    private readonly MediaSamples _samples = new();

    [Fact]
    public async Task A_zip_named_mp4_is_not_supported()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("notes.txt").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a video ", 1000))));
        }
        var input = _samples.Write("holiday.mp4", zip.ToArray());

        await AssertRejectedAsync(input, AudioVideoProcessor.NotSupported);
    }

    [Theory]
    [InlineData("noise.mp3")]
    [InlineData("noise.mp4")]
    [InlineData("noise")]
    public async Task Random_bytes_are_not_supported_whatever_their_name(string name)
    {
        // ffprobe guesses MP3 for noise named .mp3, with the lowest confidence; a guess is not taken.
        var input = _samples.Write(name, RandomNumberGenerator(1_000_000));

        await AssertRejectedAsync(input, AudioVideoProcessor.NotSupported);
    }

    [Theory]
    [InlineData("letter.mp4")]
    [InlineData("letter.ans")]
    public async Task Text_is_not_supported(string name)
    {
        // ffmpeg reads text named .ans as a picture of characters; it is not a container uploads may be.
        var input = _samples.Write(name, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Dear friend,\nhello.\n", 200))));

        await AssertRejectedAsync(input, AudioVideoProcessor.NotSupported);
    }

    [Fact]
    public async Task A_video_longer_than_the_frame_limit_is_rejected_with_the_limit()
    {
        var input = _samples.Clip("long.mp4", H264Aac, seconds: 2);

        await AssertRejectedAsync(input, "Videos may be at most 0.5 seconds at 60 frames per second (30 frames); this one has 60",
            limits => limits.MaxVideoFrames = 30);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_samples.WorkDirectory));
    }

    [Fact]
    public async Task A_recording_that_does_not_tell_its_length_is_cut_one_frame_past_the_limit_and_rejected()
    {
        var input = _samples.Streamed("live.webm", "-f lavfi -i testsrc=size=160x120:rate=30:duration=20 -c:v libvpx -deadline realtime -cpu-used 8");

        await AssertRejectedAsync(input, "Videos may be at most 0.5 seconds at 60 frames per second (30 frames); this one has more",
            limits => limits.MaxVideoFrames = 30);
    }

    [Fact]
    public async Task The_default_frame_limit_is_described_as_three_minutes_at_60_frames_per_second()
    {
        var input = _samples.Clip("long.mkv", "-c:v mpeg4 -q:v 31", size: "64x48", rate: 60, seconds: 181, sound: false);

        await AssertRejectedAsync(input, "Videos may be at most 3 minutes at 60 frames per second (10,800 frames); this one has 10,860");
    }

    [Fact]
    public async Task A_video_of_more_pixels_than_the_limit_is_rejected()
    {
        var input = _samples.Clip("big.mp4", H264Aac, seconds: 0.5);

        await AssertRejectedAsync(input, "The video is too large: 320×240 is 76,800 pixels a frame, and the most accepted is 76,799",
            limits => limits.MaxVideoPixels = 320 * 240 - 1);
    }

    [Fact]
    public async Task A_video_of_a_higher_frame_rate_than_the_limit_is_rejected()
    {
        var input = _samples.Clip("fast.mp4", H264Aac, rate: 60, seconds: 0.5);

        await AssertRejectedAsync(input, "Videos may have at most 50 frames per second; this one has 60", limits => limits.MaxVideoFrameRate = 50);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_rejected_before_it_is_read()
    {
        var input = _samples.Clip("clip.mp4", H264Aac, seconds: 0.5);

        Assert.True(new FileInfo(input).Length > 1024);

        await AssertRejectedAsync(input, "Videos and audio files may be at most 1 KB", limits => limits.MaxVideoBytes = 1024);
    }

    [Fact]
    public async Task An_mp4_cut_short_before_its_index_is_not_supported()
    {
        var whole = await File.ReadAllBytesAsync(_samples.Clip("whole.mp4", H264Aac));
        var input = _samples.Write("cut.mp4", whole[..(whole.Length / 2)]);

        await AssertRejectedAsync(input, AudioVideoProcessor.NotSupported);
    }

    [Fact]
    public async Task An_mp4_cut_short_after_its_index_is_rejected_or_kept_never_a_crash()
    {
        var whole = await File.ReadAllBytesAsync(_samples.Clip("whole.mp4", $"{H264Aac} -movflags +faststart"));
        var input = _samples.Write("cut.mp4", whole[..(whole.Length / 2)]);

        var outcome = await Record.ExceptionAsync(async () =>
        {
            var media = await Processor().ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None);
            Assert.True(new FileInfo(media.Original.Path).Length > 0);
            Assert.Equal(MediaType.Video, media.Type);
        });

        Assert.True(outcome is null or MediaRejectedException, $"Expected a rejection or a result, not {outcome}");
    }

    [Fact]
    public async Task A_video_in_a_codec_ffmpeg_cannot_decode_is_rejected()
    {
        var bytes = await File.ReadAllBytesAsync(_samples.Clip("known.mp4", "-c:v libx264 -preset ultrafast -pix_fmt yuv420p", sound: false));
        // The sample description's codec tag, avc1, made one no decoder claims.
        var input = _samples.Write("unknown.mp4", Replace(bytes, "avc1"u8.ToArray(), "zzzz"u8.ToArray()));

        await AssertRejectedAsync(input, "The video is in a format that is not supported");
    }

    [Fact]
    public async Task A_file_with_only_subtitles_is_rejected()
    {
        var subtitles = _samples.Write("words.srt", Encoding.UTF8.GetBytes("1\n00:00:00,000 --> 00:00:01,000\nhello\n"));
        var input = _samples.Make("words.mp4", $"-i \"{subtitles}\" -c:s mov_text");

        await AssertRejectedAsync(input, "The file has neither video nor audio in it");
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg_at_once()
    {
        var input = _samples.Clip("long.mkv", "-c:v mpeg4 -q:v 31 -c:a pcm_s16le -shortest", size: "640x480", seconds: 30);
        var work = _samples.WorkDirectory;
        using var cancellation = new CancellationTokenSource();

        var processing = Processor().ProcessAsync(input, work, cancellation.Token);
        await WaitUntilAsync(() => FFmpegRunningOn(input));
        var cancelledAt = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processing);
        Assert.InRange(cancelledAt.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => !FFmpegRunningOn(input));
    }

    private async Task AssertRejectedAsync(string input, string reason, Action<Starling.Server.Options.MediaOptions>? limits = null)
    {
        var rejection = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Processor(limits).ProcessAsync(input, _samples.WorkDirectory, CancellationToken.None));
        Assert.Equal(reason, rejection.Message);
    }

    private static byte[] RandomNumberGenerator(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);

    private static byte[] Replace(byte[] bytes, byte[] from, byte[] to)
    {
        var copy = bytes.ToArray();
        for (var i = copy.AsSpan().IndexOf(from); i >= 0;)
        {
            to.CopyTo(copy, i);
            var next = copy.AsSpan(i + from.Length).IndexOf(from);
            i = next < 0 ? -1 : i + from.Length + next;
        }
        return copy;
    }

    /// <summary>Whether an ffmpeg process reading <paramref name="input"/> is alive, from the processes' command lines.</summary>
    private static bool FFmpegRunningOn(string input) =>
        Directory.EnumerateDirectories("/proc").Any(directory =>
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                return commandLine.StartsWith("ffmpeg", StringComparison.Ordinal) || commandLine.Contains("/ffmpeg ", StringComparison.Ordinal)
                    ? commandLine.Contains(input, StringComparison.Ordinal)
                    : false;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "Waited 20 seconds in vain.");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _samples.Dispose();
}
