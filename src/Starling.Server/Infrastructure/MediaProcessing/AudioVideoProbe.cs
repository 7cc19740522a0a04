using Starling.Server.Data.Entities;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// What ffprobe found in a file taken as video, gifv or audio, and which of its tracks will be kept: one picture track
/// and one sound track at most, as Mastodon keeps.
/// </summary>
public sealed record AudioVideoProbe
{
    public required MediaType Type { get; init; }
    /// <summary>ffprobe's name of the container, one of <see cref="Containers"/>.</summary>
    public required string Container { get; init; }
    /// <summary>Null when the container does not say (a live recording's WebM, for one).</summary>
    public double? DurationSeconds { get; init; }
    /// <summary>Bits per second of the whole file.</summary>
    public long? Bitrate { get; init; }
    public VideoTrack? Video { get; init; }
    public AudioTrack? Audio { get; init; }
    /// <summary>An audio file's embedded picture (an <c>attached_pic</c> stream), made its preview.</summary>
    public int? CoverStreamIndex { get; init; }
}

/// <param name="StreamIndex">The stream's index in the file, as ffmpeg's <c>-map 0:N</c> takes it.</param>
/// <param name="Codec">ffprobe's codec name, such as "h264" or "vp9".</param>
/// <param name="Rotation">Degrees the player turns the picture (phones record upright video sideways and say so).</param>
public sealed record VideoTrack(int StreamIndex, string Codec, string? PixelFormat, int Width, int Height, double FrameRate, int Rotation)
{
    public long Pixels => (long)Width * Height;
}

public sealed record AudioTrack(int StreamIndex, string Codec, int? Channels, int? SampleRate);

/// <summary>
/// The containers taken, by ffprobe's names for its demuxers. Files are read only with these: ffmpeg knows hundreds of
/// formats, among them playlists that fetch other files, and an upload must not reach any of them.
/// </summary>
public static class Containers
{
    /// <summary>MP4, MOV, M4A and 3GP, one demuxer.</summary>
    public const string Mp4 = "mov,mp4,m4a,3gp,3g2,mj2";
    public const string Matroska = "matroska,webm";
    public const string Mp3 = "mp3";
    public const string Ogg = "ogg";
    public const string Wav = "wav";
    public const string Flac = "flac";
    public const string Gif = "gif";

    /// <summary>What an upload of video or audio may be.</summary>
    public static readonly IReadOnlyList<string> AudioVideo = [Mp4, Matroska, Mp3, Ogg, Wav, Flac];
}
