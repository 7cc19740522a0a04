using System.Globalization;
using FFMpegCore;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// The ffmpeg commands media processing runs, one per step. Public so that the benchmark runs the very same command
/// by hand as its yardstick.
/// </summary>
public static class AudioVideoCommands
{
    /// <summary>Fast enough for uploads on a small server; crf 23 is x264's default quality.</summary>
    public const string VideoEncoding = "-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p";

    /// <summary>Whole pixels (a non-square pixel aspect is drawn out) and even sides, which 4:2:0 H.264 needs.</summary>
    private const string EvenSquarePixels = "-vf scale=trunc(iw*sar/2)*2:trunc(ih/2)*2,setsar=1";

    /// <summary>Frames keep their own times, so a phone's variable frame rate is neither padded nor dropped.</summary>
    private const string OwnFrameTimes = "-fps_mode vfr";

    /// <summary>Where the poster frame is taken, unless the video is shorter than twice this.</summary>
    public const double PosterAtSeconds = 0.5;

    /// <summary>Nothing of the source's tags (titles, GPS positions, device names) or chapters is carried over.</summary>
    private const string NoMetadata = "-map_metadata -1 -map_chapters -1";

    /// <summary>The index first, so that playback starts before the whole file has arrived.</summary>
    private const string Mp4Output = "-movflags +faststart -f mp4";

    /// <summary>
    /// Kept as it is when it already is what browsers play: H.264 in 4:2:0 with even sides in an MP4 or MOV.
    /// Copying takes a fraction of a second where encoding takes about as long as the video plays, and loses nothing.
    /// </summary>
    public static bool CopiesVideo(AudioVideoProbe probe) =>
        probe is { Container: Containers.Mp4, Video: { Codec: "h264", PixelFormat: "yuv420p" } video }
        && video.Width % 2 == 0 && video.Height % 2 == 0;

    /// <summary>AAC in an MP4 or MOV is kept as it is; any other sound in a video is encoded to AAC.</summary>
    public static bool CopiesVideoSound(AudioVideoProbe probe) => probe is { Container: Containers.Mp4, Audio.Codec: "aac" };

    /// <summary>MP3 is kept as it is; any other audio is encoded to MP3, which every browser and app plays.</summary>
    public static bool CopiesAudio(AudioVideoProbe probe) => probe is { Container: Containers.Mp3, Audio.Codec: "mp3" };

    /// <summary>
    /// A video to H.264 and AAC in an MP4. When it is encoded, the same run writes its poster frame to
    /// <paramref name="poster"/> (as a BMP, which costs nothing to write and read), from frames it decodes anyway;
    /// a copy does not decode, and leaves the poster to <see cref="Frame"/>.
    /// </summary>
    /// <param name="frameLimit">Only used when the container does not tell the duration: encoding stops one frame past
    /// the limit, so that the result shows it was too long without the whole of it being encoded.</param>
    public static FFMpegArgumentProcessor Video(AudioVideoProbe probe, string input, string output, string poster, long frameLimit)
    {
        var video = probe.Video ?? throw new ArgumentException("The probe found no video.", nameof(probe));
        var copies = CopiesVideo(probe);
        var options = new List<string> { Map(video.StreamIndex) };
        options.Add(copies ? "-c:v copy" : $"{VideoEncoding} {EvenSquarePixels} {OwnFrameTimes}");
        if (probe.DurationSeconds is null)
        {
            options.Add(Invariant($"-frames:v {frameLimit + 1}"));
        }
        if (probe.Audio is { } audio)
        {
            options.Add(Map(audio.StreamIndex));
            options.Add(CopiesVideoSound(probe) ? "-c:a copy" : "-c:a aac -b:a 128k" + StereoAtMost(audio));
        }
        options.Add(NoMetadata);
        options.Add(Mp4Output);
        return copies
            ? Command(input, Containers.AudioVideo, output, options)
            : CommandWithPoster(input, Containers.AudioVideo, video.StreamIndex, PosterSeconds(probe.DurationSeconds), poster, output, options);
    }

    /// <summary>An animated GIF to a silent H.264 MP4 that apps play in a loop, and its poster frame, as <see cref="Video"/>.</summary>
    public static FFMpegArgumentProcessor Gifv(AudioVideoProbe probe, string input, string output, string poster) =>
        CommandWithPoster(input, [Containers.Gif], probe.Video?.StreamIndex ?? 0, PosterSeconds(probe.DurationSeconds), poster, output,
            ["-map 0:v:0 -an", VideoEncoding, EvenSquarePixels, OwnFrameTimes, NoMetadata, Mp4Output]);

    /// <summary>Half a second in, past a fade from black, or the first frame of a shorter clip.</summary>
    public static double PosterSeconds(double? durationSeconds) => durationSeconds >= 2 * PosterAtSeconds ? PosterAtSeconds : 0;

    /// <summary>Audio to MP3 (or the MP3 itself, without its tags).</summary>
    public static FFMpegArgumentProcessor Audio(AudioVideoProbe probe, string input, string output)
    {
        var audio = probe.Audio ?? throw new ArgumentException("The probe found no audio.", nameof(probe));
        var encoding = CopiesAudio(probe)
            ? "-c:a copy"
            // LAME takes at most 48 kHz and two channels.
            : "-c:a libmp3lame -b:a 192k" + (audio.SampleRate > 48_000 ? " -ar 48000" : "") + StereoAtMost(audio);
        return Command(input, Containers.AudioVideo, output, [Map(audio.StreamIndex), encoding, NoMetadata, "-f mp3"]);
    }

    /// <summary>One picture of a stream as a BMP: a copied video's poster frame, or an audio file's cover.</summary>
    /// <param name="atSeconds">Where in the video; 0 for the first frame.</param>
    public static FFMpegArgumentProcessor Frame(string input, IReadOnlyList<string> containers, int streamIndex, double atSeconds, string output)
    {
        var seek = atSeconds > 0 ? Invariant($" -ss {atSeconds:0.###}") : "";
        return FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o.WithCustomArgument($"{Quiet} {InputRestrictions(containers)}{seek}"))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(FrameOutput(streamIndex)));
    }

    /// <summary>What ffprobe and ffmpeg are told before they read an upload: local files only, and only these containers.</summary>
    public static string InputRestrictions(IReadOnlyList<string> containers) =>
        $"-protocol_whitelist file -format_whitelist {string.Join(',', containers)}";

    /// <summary>Errors only on stderr: it is logged, never shown, and a long encode's progress lines would fill it.</summary>
    private const string Quiet = "-hide_banner -loglevel error";

    private static FFMpegArgumentProcessor Command(string input, IReadOnlyList<string> containers, string output, IEnumerable<string> options) =>
        FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o.WithCustomArgument($"{Quiet} {InputRestrictions(containers)}"))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(string.Join(' ', options)));

    private static FFMpegArgumentProcessor CommandWithPoster(string input, IReadOnlyList<string> containers, int videoIndex, double posterSeconds,
        string poster, string output, IEnumerable<string> options)
    {
        var seek = posterSeconds > 0 ? Invariant($"-ss {posterSeconds:0.###} ") : "";
        return FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o.WithCustomArgument($"{Quiet} {InputRestrictions(containers)}"))
            .OutputToMany(outputs => outputs
                .OutputToFile(poster, overwrite: true, o => o.WithCustomArgument($"{seek}{FrameOutput(videoIndex)} {EvenSquarePixels}"))
                .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(string.Join(' ', options))));
    }

    private static string FrameOutput(int streamIndex) => $"{Map(streamIndex)} -frames:v 1 -c:v bmp -f image2";

    private static string Map(int streamIndex) => Invariant($"-map 0:{streamIndex}");

    private static string StereoAtMost(AudioTrack audio) => audio.Channels > 2 ? " -ac 2" : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
