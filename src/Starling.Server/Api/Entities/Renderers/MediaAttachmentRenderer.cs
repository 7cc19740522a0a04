using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Media as Mastodon clients expect them. Until media processing exists there are no thumbnails: the preview is the
/// original file, and <c>blurhash</c> is null. A file still processing has no URL; a remote one is shown from its server.
/// </summary>
public sealed class MediaAttachmentRenderer(LocalUrls urls)
{
    public MediaAttachmentEntity Render(MediaAttachment media)
    {
        // A remote post's file is not copied here (yet): it is shown from its own server.
        var url = !media.IsReady ? null
            : media is { FilePath.Length: 0, RemoteUrl: { } remote } ? remote
            : urls.MediaFile(media.Id, Path.GetFileName(media.FilePath));
        return new MediaAttachmentEntity
        {
            Id = EntityIds.Of(media.Id),
            Type = TypeName(media.Type),
            Url = url,
            PreviewUrl = url,
            RemoteUrl = media.RemoteUrl,
            PreviewRemoteUrl = null,
            Meta = new MediaMetaEntity
            {
                Original = media is { Width: { } width, Height: { } height }
                    ? new MediaSizeEntity { Width = width, Height = height, Size = $"{width}x{height}", Aspect = (double)width / height }
                    : null,
                Focus = media is { FocusX: { } x, FocusY: { } y } ? new MediaFocusEntity { X = x, Y = y } : null,
            },
            Description = media.Description,
            Blurhash = null,
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
}
