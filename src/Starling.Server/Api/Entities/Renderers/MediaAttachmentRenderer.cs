using System.Globalization;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Media as Mastodon clients expect them: the kept file, its preview, the blurhash and sizes in <c>meta</c>. An upload
/// still processing has no URL yet; a remote file not (yet) cached here is shown from its own server.
/// </summary>
public sealed class MediaAttachmentRenderer(LocalUrls urls)
{
    public MediaAttachmentEntity Render(MediaAttachment media)
    {
        var stored = media is { State: MediaState.Ready, FilePath.Length: > 0 };
        var url = stored ? urls.MediaFile(media.Id, Path.GetFileName(media.FilePath)) : media.RemoteUrl;
        var preview = stored && media.PreviewFilePath is { } small ? urls.MediaPreview(media.Id, Path.GetFileName(small))
            : media.Type is MediaType.Image ? url
            : null;
        return new MediaAttachmentEntity
        {
            Id = EntityIds.Of(media.Id),
            Type = TypeName(media.Type),
            Url = url,
            PreviewUrl = preview,
            RemoteUrl = media.RemoteUrl,
            PreviewRemoteUrl = null,
            Meta = new MediaMetaEntity
            {
                Length = media.DurationSeconds is { } length ? LengthText(length) : null,
                Duration = media.DurationSeconds is { } seconds ? Math.Round(seconds, 2) : null,
                Original = Size(media.Width, media.Height, media.DurationSeconds, media.FrameRate, media.Bitrate),
                Small = Size(media.PreviewWidth, media.PreviewHeight, null, null, null),
                Focus = media is { FocusX: { } x, FocusY: { } y } ? new MediaFocusEntity { X = x, Y = y } : null,
            },
            Description = media.Description,
            Blurhash = media.Blurhash,
        };
    }

    public IReadOnlyList<MediaAttachmentEntity> Render(IEnumerable<MediaAttachment> media) => media.Select(Render).ToList();

    public static string TypeName(MediaType type) => type switch
    {
        MediaType.Image => "image",
        MediaType.Gifv => "gifv",
        MediaType.Video => "video",
        MediaType.Audio => "audio",
        _ => "unknown",
    };

    /// <summary>Hours, minutes, seconds and hundredths, as Mastodon writes a file's length: <c>0:01:28.65</c>.</summary>
    public static string LengthText(double seconds)
    {
        var hundredths = (long)Math.Round(Math.Max(0, seconds) * 100, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture,
            $"{hundredths / 360_000}:{hundredths / 6000 % 60:00}:{hundredths / 100 % 60:00}.{hundredths % 100:00}");
    }

    private static MediaSizeEntity? Size(int? width, int? height, double? duration, double? frameRate, long? bitrate)
    {
        var pictured = width is > 0 && height is > 0;
        if (!pictured && duration is null && bitrate is null)
        {
            return null;
        }
        return new MediaSizeEntity
        {
            Width = pictured ? width : null,
            Height = pictured ? height : null,
            Size = pictured ? $"{width}x{height}" : null,
            Aspect = pictured ? Math.Round((double)width!.Value / height!.Value, 6) : null,
            Duration = duration is { } seconds ? Math.Round(seconds, 3) : null,
            // Mastodon writes the rate as a fraction, "30/1"; a whole rate is written that way too.
            FrameRate = frameRate is { } rate ? FrameRateText(rate) : null,
            Bitrate = bitrate,
        };
    }

    private static string FrameRateText(double rate) =>
        Math.Abs(rate - Math.Round(rate)) < 0.001
            ? $"{Math.Round(rate).ToString(CultureInfo.InvariantCulture)}/1"
            : $"{Math.Round(rate * 1001).ToString(CultureInfo.InvariantCulture)}/1001";
}
