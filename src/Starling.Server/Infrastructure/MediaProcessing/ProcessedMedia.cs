using Starling.Server.Data.Entities;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// What processing made of one file: a clean copy to keep, a small preview picture, and what the page and the API say
/// about it. The files sit in the work folder the caller gave, ready to be stored; the caller deletes that folder.
/// </summary>
public sealed record ProcessedMedia
{
    public required MediaType Type { get; init; }
    /// <summary>The file to keep and serve: re-encoded, or the upload itself when it already was what would be made.</summary>
    public required ProcessedFile Original { get; init; }
    /// <summary>A picture of at most <see cref="ImagePreview.LongSide"/> pixels on its long side; null for audio without a picture.</summary>
    public PreviewImage? Preview { get; init; }
    /// <summary>Of the kept file; null for audio.</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>For video, gifv and audio.</summary>
    public double? DurationSeconds { get; init; }
    /// <summary>Frames per second, for video and gifv.</summary>
    public double? FrameRate { get; init; }
    /// <summary>Bits per second of the kept file, for video, gifv and audio.</summary>
    public long? Bitrate { get; init; }
}

/// <param name="Path">Where it is now, in the work folder.</param>
/// <param name="Extension">Without the dot, as the stored name ends.</param>
public sealed record ProcessedFile(string Path, string ContentType, string Extension, long Length);

/// <summary>A preview picture (always a JPEG) with its size and the blurhash shown while it loads.</summary>
public sealed record PreviewImage(ProcessedFile File, int Width, int Height, string Blurhash);

/// <summary>
/// A file that cannot be taken, with a reason fit to show the person who sent it ("The image is larger than 60
/// megapixels"). Thrown for bad input only; a fault of the server (ffmpeg missing, disk full) is any other exception.
/// </summary>
public sealed class MediaRejectedException(string reason) : Exception(reason)
{
    /// <summary>A size limit as a reason puts it: "16 MB", "512 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
}
