namespace Starling.ActivityPub.Vocabulary;

/// <summary>A media file: <see cref="ActivityObject.Url"/> is where it is, <see cref="ActivityObject.Name"/> its description.</summary>
public class Document : ActivityObject
{
    public Document() => Type = nameof(Document);

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
