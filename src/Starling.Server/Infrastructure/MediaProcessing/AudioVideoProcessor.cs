using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// Video, gifv and audio: identified by their content with ffprobe (never by their name), checked against the limits
/// in <see cref="MediaOptions"/>, and made into what every browser and app plays — H.264 and AAC in an MP4 that starts
/// playing at once, or an MP3 — with nothing of the source's tags (a phone's GPS position among them).
/// <para>
/// The caller tries images first; every other upload comes here, and there is no "not mine" answer: a file is either
/// processed or rejected with <see cref="MediaRejectedException"/> and a reason for its sender ("File type is not
/// supported" for what is neither video nor audio). Any other exception is the server's fault (ffmpeg missing, the
/// disk full). Files are written only in the work folder the caller gives, and left there for it.
/// </para>
/// </summary>
public sealed class AudioVideoProcessor(IOptions<StarlingOptions> options, ILogger<AudioVideoProcessor> logger)
{
    public const string NotSupported = "File type is not supported";

    private readonly MediaOptions _limits = options.Value.Media;

    private readonly FFmpegRunner _ffmpeg = new(
        new FFOptions { BinaryFolder = options.Value.Media.FFmpegFolder },
        logger);

    /// <summary>
    /// What the file is (video or audio) and which of its tracks would be kept, from its headers alone, in a fraction
    /// of a second: for telling the sender the type before the work is done. Throws <see cref="MediaRejectedException"/>
    /// for a file that is not video or audio ffmpeg can read, or over a limit.
    /// </summary>
    public async Task<AudioVideoProbe> ProbeAsync(string inputPath, CancellationToken cancellationToken)
    {
        var size = new FileInfo(inputPath).Length;
        if (size > _limits.MaxVideoBytes)
        {
            throw new MediaRejectedException($"Videos and audio files may be at most {MediaRejectedException.Size(_limits.MaxVideoBytes)}");
        }
        var analysis = await _ffmpeg.ProbeAsync(inputPath, Containers.AudioVideo, cancellationToken);
        var probe = Identify(analysis) ?? throw new MediaRejectedException(NotSupported);
        CheckLimits(probe);
        return probe;
    }

    /// <summary>Probes and processes an upload of video or audio; see the class for what it makes and when it rejects.</summary>
    public async Task<ProcessedMedia> ProcessAsync(string inputPath, string workDirectory, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(inputPath, cancellationToken);
        return probe.Type == MediaType.Audio
            ? await ProcessAudioAsync(probe, inputPath, workDirectory, cancellationToken)
            : await ProcessVideoAsync(probe, inputPath, workDirectory, cancellationToken);
    }

    /// <summary>
    /// An animated GIF (the caller has found it animated) as a silent MP4, which is a tenth of the size and plays
    /// smoothly; apps loop it. The same limits as a video's hold, but not the frame rate, which GIFs only approximate.
    /// </summary>
    public async Task<ProcessedMedia> ConvertAnimatedGifAsync(string inputPath, string workDirectory, CancellationToken cancellationToken)
    {
        var analysis = await _ffmpeg.ProbeAsync(inputPath, [Containers.Gif], cancellationToken);
        var probe = Identify(analysis) is { Video: not null } found
            ? found with { Type = MediaType.Gifv, Audio = null }
            : throw new MediaRejectedException("The file is not a GIF that can be read");
        CheckSize(probe.Video!);
        CheckLength(probe, probe.Video!.FrameRate);
        var (output, poster) = (Path.Combine(workDirectory, "gifv.mp4"), Path.Combine(workDirectory, "poster.bmp"));
        await RunOrRejectAsync(AudioVideoCommands.Gifv(probe, inputPath, output, poster), workDirectory, EncodingTimeout(probe),
            "The GIF could not be converted: it may be damaged", cancellationToken);
        return await DescribeVideoAsync(MediaType.Gifv, output, poster, workDirectory, cancellationToken);
    }

    private async Task<ProcessedMedia> ProcessVideoAsync(AudioVideoProbe probe, string inputPath, string workDirectory, CancellationToken cancellationToken)
    {
        var cut = probe.DurationSeconds is null;
        var (output, poster) = (Path.Combine(workDirectory, "video.mp4"), Path.Combine(workDirectory, "poster.bmp"));
        var timeout = AudioVideoCommands.CopiesVideo(probe) ? CopyTimeout(inputPath) : EncodingTimeout(probe);
        await RunOrRejectAsync(AudioVideoCommands.Video(probe, inputPath, output, poster, _limits.MaxVideoFrames), workDirectory, timeout,
            "The video could not be processed: it may be damaged", cancellationToken);
        return await DescribeVideoAsync(MediaType.Video, output, poster, workDirectory, cancellationToken, cut);
    }

    /// <summary>
    /// The kept file's own size, rate and length (what was made, not what was sent), and its poster frame: the one
    /// encoding wrote, or else one taken from the kept file.
    /// </summary>
    private async Task<ProcessedMedia> DescribeVideoAsync(MediaType type, string output, string poster, string workDirectory,
        CancellationToken cancellationToken, bool cut = false)
    {
        var made = Identify(await _ffmpeg.ProbeAsync(output, [Containers.Mp4], cancellationToken));
        if (made?.Video is not { } video)
        {
            throw new MediaRejectedException("The video could not be processed: it may be damaged");
        }
        // Checked again on the result for sources that did not tell their length, which were cut one frame past the limit.
        CheckLength(made, video.FrameRate, cut);
        var turned = Math.Abs(video.Rotation) % 180 == 90;
        if (!File.Exists(poster))
        {
            await _ffmpeg.RunAsync(AudioVideoCommands.Frame(output, [Containers.Mp4], video.StreamIndex, AudioVideoCommands.PosterSeconds(made.DurationSeconds), poster),
                workDirectory, FFmpegRunner.ProbeTimeout, cancellationToken);
        }
        var preview = Preview(poster, workDirectory);
        return new ProcessedMedia
        {
            Type = type,
            Original = new ProcessedFile(output, "video/mp4", "mp4", new FileInfo(output).Length),
            Preview = preview,
            Width = turned ? video.Height : video.Width,
            Height = turned ? video.Width : video.Height,
            DurationSeconds = made.DurationSeconds,
            FrameRate = video.FrameRate,
            Bitrate = made.Bitrate,
        };
    }

    private async Task<ProcessedMedia> ProcessAudioAsync(AudioVideoProbe probe, string inputPath, string workDirectory, CancellationToken cancellationToken)
    {
        var output = Path.Combine(workDirectory, "audio.mp3");
        var timeout = AudioVideoCommands.CopiesAudio(probe) ? CopyTimeout(inputPath) : AudioEncodingTimeout(probe);
        await RunOrRejectAsync(AudioVideoCommands.Audio(probe, inputPath, output), workDirectory, timeout,
            "The audio could not be processed: it may be damaged", cancellationToken);
        var made = Identify(await _ffmpeg.ProbeAsync(output, [Containers.Mp3], cancellationToken))
            ?? throw new MediaRejectedException("The audio could not be processed: it may be damaged");
        PreviewImage? cover = null;
        if (probe.CoverStreamIndex is { } index)
        {
            var picture = Path.Combine(workDirectory, "cover.bmp");
            await _ffmpeg.RunAsync(AudioVideoCommands.Frame(inputPath, Containers.AudioVideo, index, 0, picture), workDirectory,
                FFmpegRunner.ProbeTimeout, cancellationToken);
            cover = Preview(picture, workDirectory);
        }
        return new ProcessedMedia
        {
            Type = MediaType.Audio,
            Original = new ProcessedFile(output, "audio/mpeg", "mp3", new FileInfo(output).Length),
            Preview = cover,
            DurationSeconds = made.DurationSeconds,
            Bitrate = made.Bitrate,
        };
    }

    /// <summary>
    /// The preview of a picture ffmpeg wrote. Null when there is none (a cover picture ffmpeg could not decode): a file
    /// without a preview is still worth keeping.
    /// </summary>
    private static PreviewImage? Preview(string picturePath, string workDirectory)
    {
        if (!File.Exists(picturePath))
        {
            return null;
        }
        using var picture = SKBitmap.Decode(picturePath);
        File.Delete(picturePath);
        return picture is null ? null : ImagePreview.Write(picture, Path.Combine(workDirectory, "preview.jpg"));
    }

    private async Task RunOrRejectAsync(FFMpegArgumentProcessor command, string workDirectory, TimeSpan timeout, string reason, CancellationToken cancellationToken)
    {
        var result = await _ffmpeg.RunAsync(command, workDirectory, timeout, cancellationToken);
        if (!result.Success)
        {
            throw new MediaRejectedException(reason);
        }
    }

    /// <summary>
    /// The tracks that would be kept: the first picture track that is not a cover, the first sound track, and an
    /// audio file's cover. Null when the file is not in an accepted container or has no such track.
    /// </summary>
    private static AudioVideoProbe? Identify(IMediaAnalysis? analysis)
    {
        if (analysis is null || !Containers.AudioVideo.Append(Containers.Gif).Contains(analysis.Format.FormatName)
            // Below AVPROBE_SCORE_RETRY, ffprobe has only guessed (random bytes named .mp3 score 1).
            || analysis.Format.ProbeScore < 25)
        {
            return null;
        }
        static bool IsCover(MediaStream stream) => stream.Disposition?.GetValueOrDefault("attached_pic") == true;
        var videoStream = analysis.VideoStreams.FirstOrDefault(stream => !IsCover(stream));
        var audioStream = analysis.AudioStreams.FirstOrDefault();
        if (videoStream is null && audioStream is null)
        {
            throw new MediaRejectedException("The file has neither video nor audio in it");
        }
        string? videoCodec = null, audioCodec = null;
        if (videoStream is not null && !IsKnown(videoCodec = videoStream.CodecName))
        {
            throw new MediaRejectedException("The video is in a format that is not supported");
        }
        if (audioStream is not null && !IsKnown(audioCodec = audioStream.CodecName))
        {
            throw new MediaRejectedException("The sound is in a format that is not supported");
        }

        var duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration : analysis.Duration;
        return new AudioVideoProbe
        {
            Type = videoStream is null ? MediaType.Audio : MediaType.Video,
            Container = analysis.Format.FormatName,
            DurationSeconds = duration > TimeSpan.Zero ? duration.TotalSeconds : null,
            Bitrate = analysis.Format.BitRate,
            Video = videoStream is null ? null : new VideoTrack(videoStream.Index, videoCodec!, videoStream.PixelFormat,
                videoStream.Width ?? 0, videoStream.Height ?? 0, FrameRateOf(videoStream), videoStream.Rotation),
            Audio = audioStream is null ? null : new AudioTrack(audioStream.Index, audioCodec!, audioStream.Channels, audioStream.SampleRateHz),
            CoverStreamIndex = videoStream is null ? analysis.VideoStreams.FirstOrDefault(IsCover)?.Index : null,
        };
    }

    private static bool IsKnown([NotNullWhen(true)] string? codec) => !string.IsNullOrEmpty(codec) && codec is not ("unknown" or "none");

    /// <summary>The average rate over the whole video; the nominal rate when the container does not give an average.</summary>
    private static double FrameRateOf(VideoStream stream) =>
        double.IsFinite(stream.AverageFrameRate) && stream.AverageFrameRate > 0 ? stream.AverageFrameRate
        : double.IsFinite(stream.RealFrameRate) && stream.RealFrameRate > 0 ? stream.RealFrameRate
        : 0;

    private void CheckLimits(AudioVideoProbe probe)
    {
        if (probe.Video is not { } video)
        {
            return;
        }
        CheckSize(video);
        if (video.FrameRate > _limits.MaxVideoFrameRate + 0.01)
        {
            throw new MediaRejectedException(Invariant(
                $"Videos may have at most {_limits.MaxVideoFrameRate:0.##} frames per second; this one has {video.FrameRate:0.##}"));
        }
        CheckLength(probe, video.FrameRate);
    }

    private void CheckSize(VideoTrack video)
    {
        if (video.Width <= 0 || video.Height <= 0)
        {
            throw new MediaRejectedException("The video does not say how large its picture is");
        }
        if (video.Pixels > _limits.MaxVideoPixels)
        {
            throw new MediaRejectedException(Invariant(
                $"The video is too large: {video.Width}×{video.Height} is {video.Pixels:N0} pixels a frame, and the most accepted is {_limits.MaxVideoPixels:N0}"));
        }
    }

    /// <param name="cut">Whether this is the result of a source that did not tell its length, cut one frame past the limit.</param>
    private void CheckLength(AudioVideoProbe probe, double frameRate, bool cut = false)
    {
        if (probe.DurationSeconds is not { } duration)
        {
            return;
        }
        var frames = (long)Math.Round(duration * frameRate);
        if (frames > _limits.MaxVideoFrames)
        {
            throw new MediaRejectedException(Invariant(
                $"Videos may be at most {Length(_limits.MaxVideoFrames / 60.0)} at 60 frames per second ({_limits.MaxVideoFrames:N0} frames); this one has ") +
                (cut ? "more" : Invariant($"{frames:N0}")));
        }
    }

    private static string Length(double seconds) =>
        seconds >= 60 && seconds % 60 == 0 ? Invariant($"{seconds / 60:0} minute{(seconds == 60 ? "" : "s")}")
        : Invariant($"{seconds:0.##} seconds");

    /// <summary>
    /// Time limits to stop an ffmpeg that is stuck, not one that is slow: a minute, and for encoding, time for a
    /// machine far slower than any server (x264's veryfast preset makes some 60 million pixels a second on one core).
    /// </summary>
    private static TimeSpan EncodingTimeout(AudioVideoProbe probe)
    {
        const double PixelsPerSecond = 5_000_000;
        var frames = (probe.DurationSeconds ?? 60) * Math.Max(1, probe.Video?.FrameRate ?? 30);
        return TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(frames * (probe.Video?.Pixels ?? 0) / PixelsPerSecond);
    }

    /// <summary>MP3 encoding runs at some fifty times the speed of playing; a tenth of the length is ample.</summary>
    private static TimeSpan AudioEncodingTimeout(AudioVideoProbe probe) =>
        TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds((probe.DurationSeconds ?? 3600) / 10);

    /// <summary>Copying is reading and writing the file, at least ten megabytes a second on any disk.</summary>
    private static TimeSpan CopyTimeout(string inputPath) =>
        TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(new FileInfo(inputPath).Length / 10_000_000.0);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
