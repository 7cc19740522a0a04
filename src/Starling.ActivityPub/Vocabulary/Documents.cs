using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>
/// A media file: <see cref="ActivityObject.Url"/> is where it is, <see cref="ActivityObject.Name"/> its description.
/// When <c>url</c> lists several links (renditions, as PeerTube and Funkwhale send), <see cref="ActivityObject.Url"/> is
/// the one <see cref="MediaLinks.ChoosePlayable"/> picks.
/// </summary>
public class Document : ActivityObject
{
    /// <summary>The longest <see cref="Duration"/> taken as a recording's length: a week; a longer one reads as none.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(7);

    public Document() => Type = nameof(Document);

    /// <summary>How long a video or audio file plays (<c>xsd:duration</c>), as PeerTube and Funkwhale send it.</summary>
    [JsonConverter(typeof(MediaDurationConverter))]
    public TimeSpan? Duration { get; set; }

    public string? Blurhash { get; set; }

    /// <summary>Mastodon's focal point: x and y, each from -1 to 1.</summary>
    public IReadOnlyList<double>? FocalPoint { get; set; }

    public int? Width { get; set; }
    public int? Height { get; set; }
}

public sealed class Image : Document
{
    public Image() => Type = nameof(Image);
}

public sealed class Video : Document
{
    public Video() => Type = nameof(Video);
}

public sealed class Audio : Document
{
    public Audio() => Type = nameof(Audio);
}
