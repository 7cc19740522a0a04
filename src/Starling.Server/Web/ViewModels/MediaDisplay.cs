using System.Globalization;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Web.ViewModels;

/// <summary>One attached file as a post shows it: where its file and preview are, how big to draw it, and its alt text.</summary>
/// <param name="Url">The file itself (what a click opens and what players play).</param>
/// <param name="PreviewUrl">The small picture drawn in timelines, or the poster of a video; null when there is none.</param>
/// <param name="Width">Of the preview when there is one, otherwise of the file; null when unknown.</param>
/// <param name="ContentType">Null for a file shown from another server: what it serves is its business.</param>
/// <param name="Focus">"x,y" as stored (each from -1 to 1), for the script to keep that point in view when cropping.</param>
public sealed record MediaDisplay(
    long Id,
    MediaType Type,
    string Url,
    string? PreviewUrl,
    string? ContentType,
    int? Width,
    int? Height,
    string? Description,
    string? Focus)
{
    public bool HasDescription => !string.IsNullOrWhiteSpace(Description);

    /// <summary>
    /// A file stored here is served from this server once ready; a remote post's file not stored here (or not ready yet)
    /// is shown from its origin. Null when there is nothing that can be shown (still processing, failed, no remote copy).
    /// </summary>
    public static MediaDisplay? For(MediaAttachment media, LocalUrls urls)
    {
        string url;
        string? contentType = media.ContentType;
        string? preview;
        if (media.IsReady && media.FilePath.Length > 0)
        {
            url = urls.MediaFile(media.Id, Path.GetFileName(media.FilePath));
            preview = media.PreviewFilePath is { Length: > 0 } previewPath
                ? urls.MediaPreview(media.Id, Path.GetFileName(previewPath))
                // Until a preview exists, an image is its own preview; a video or audio file just has none.
                : media.Type == MediaType.Image ? url : null;
        }
        else if (media.RemoteUrl is { Length: > 0 } remote)
        {
            url = remote;
            preview = media.Type == MediaType.Image ? remote : null;
            contentType = null;
        }
        else
        {
            return null;
        }
        var hasOwnPreview = preview is not null && preview != url;
        var (width, height) = hasOwnPreview && media.PreviewWidth is > 0 && media.PreviewHeight is > 0
            ? (media.PreviewWidth, media.PreviewHeight)
            : (media.Width, media.Height);
        var focus = media is { FocusX: { } x, FocusY: { } y }
            ? string.Create(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##}")
            : null;
        return new MediaDisplay(media.Id, media.Type, url, preview, contentType, width, height, media.Description, focus);
    }

    public static IReadOnlyList<MediaDisplay> For(IEnumerable<MediaAttachment> media, LocalUrls urls) =>
        [.. media.Select(m => For(m, urls)).OfType<MediaDisplay>()];
}
