using System.ComponentModel;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>What a file is, judged by its content before the costly work: enough to apply the right size limit.</summary>
/// <param name="Image">The image format, for a still image; null for anything ffmpeg handles.</param>
public sealed record IdentifiedMedia(MediaType Type, ImageFormat? Image);

/// <summary>
/// Sends each file to the processor for its kind: still images to SkiaSharp (HEIC and AVIF decoded by libheif first),
/// animated GIFs, video and audio to ffmpeg.
/// At most <see cref="MediaOptions.ProcessingConcurrency"/> files are processed at once on this node, whoever asks
/// (an upload waiting for its answer, or the background worker), so a burst of uploads queues instead of starving the
/// server of CPU and memory.
/// </summary>
public sealed class MediaProcessor(ImageProcessor images, AudioVideoProcessor audioVideo, IOptions<StarlingOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.Media.ProcessingConcurrency);

    /// <summary>Recognises the file by its content, and refuses one that is no kind of media Starling takes or is too large for its kind.</summary>
    /// <exception cref="MediaRejectedException">Not an image, video or audio file, or over the size limit for its kind.</exception>
    public async Task<IdentifiedMedia> IdentifyAsync(string path, CancellationToken cancellationToken = default)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new MediaRejectedException("The file is empty");
        }
        var limits = options.Value.Media;
        ImageFormat? format;
        await using (var file = File.OpenRead(path))
        {
            format = await ImageFormat.DetectAsync(file, cancellationToken);
        }
        if (format is not null)
        {
            CheckSize(length, limits.MaxUploadBytes, "Images");
            return format.ContentType == "image/gif" && ImageProcessor.IsAnimatedGif(path)
                ? new IdentifiedMedia(MediaType.Gifv, null)
                : new IdentifiedMedia(MediaType.Image, format);
        }
        AudioVideoProbe probe;
        try
        {
            probe = await audioVideo.ProbeAsync(path, cancellationToken);
        }
        catch (MediaRejectedException rejected) when (rejected.Message == AudioVideoProcessor.NotSupported)
        {
            throw new MediaRejectedException(
                "File type is not supported: upload an image (JPEG, PNG, GIF, WebP, HEIC, AVIF), a video (MP4, WebM, MOV) or an audio file (MP3, OGG, M4A, WAV, FLAC)");
        }
        catch (Win32Exception)
        {
            // ffprobe is not installed: still images work, and the uploader is told why this file does not.
            throw new MediaRejectedException("This server cannot process video or audio files");
        }
        CheckSize(length, limits.MaxVideoBytes, probe.Type == MediaType.Audio ? "Audio files" : "Videos");
        return new IdentifiedMedia(probe.Type, null);
    }

    /// <summary>Makes the clean copy and the preview in <paramref name="workDirectory"/>, waiting for a free slot first.</summary>
    /// <exception cref="MediaRejectedException">The file is damaged, unsupported or over a limit.</exception>
    public async Task<ProcessedMedia> ProcessAsync(string path, IdentifiedMedia identified, string workDirectory, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return identified switch
            {
                { Image: { } format } => await images.ProcessAsync(path, format, workDirectory, cancellationToken),
                { Type: MediaType.Gifv } => await audioVideo.ConvertAnimatedGifAsync(path, workDirectory, cancellationToken),
                _ => await audioVideo.ProcessAsync(path, workDirectory, cancellationToken),
            };
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>A profile or header picture: a still image cropped to fill <paramref name="width"/>×<paramref name="height"/>.</summary>
    public async Task<ProcessedMedia> ProcessAccountPictureAsync(string path, string workDirectory, int width, int height, CancellationToken cancellationToken = default)
    {
        var identified = await IdentifyAsync(path, cancellationToken);
        if (identified.Image is not { } format)
        {
            throw new MediaRejectedException("A profile picture must be a still image (JPEG, PNG, GIF, WebP, HEIC or AVIF)");
        }
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await images.ProcessAccountPictureAsync(path, format, workDirectory, width, height, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static void CheckSize(long length, long limit, string what)
    {
        if (length > limit)
        {
            throw new MediaRejectedException($"{what} may be at most {Megabytes(limit)}");
        }
    }

    public static string Megabytes(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}
