namespace Starling.ActivityPub.Vocabulary;

/// <summary>
/// Which of a file's several <c>url</c>s to fetch and show. PeerTube lists one link per rendition (a media type and a
/// height), its watch page (<c>text/html</c>), torrents, metadata, and an HLS playlist whose tags list its renditions'
/// files; Funkwhale lists the page and the audio file. Mastodon takes the first link, which for both is the page.
/// </summary>
public static class MediaLinks
{
    /// <summary>The tallest picture preferred: larger renditions cost far more to fetch and keep for little gain.</summary>
    public const int PreferredMaxHeight = 1080;

    /// <summary>Media types browsers play or show themselves, best first within each kind.</summary>
    private static readonly string[] Native =
    [
        "video/mp4", "video/webm", "video/ogg",
        "audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm", "audio/flac", "audio/wav",
        "image/jpeg", "image/png", "image/webp", "image/gif", "image/avif",
    ];

    private static readonly string[] Kinds = ["video/", "audio/", "image/"];

    /// <summary>
    /// The link to the file to play: pages and other non-media links are passed over; a video rendition comes before an
    /// audio one, and an image last; among those, a type browsers play natively (<c>video/mp4</c>, then
    /// <c>video/webm</c>; <c>audio/mpeg</c>, <c>audio/ogg</c>, ...), then one of another media type, then a link that
    /// names no type. Among links of that one type, the tallest of at most <see cref="PreferredMaxHeight"/> lines, else
    /// the first that gives no height, else the shortest taller one, and a height of 0 (PeerTube's audio-only
    /// rendition) last. Null when no link can be a media file.
    /// </summary>
    public static ObjectReference? ChoosePlayable(IEnumerable<ObjectReference> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var candidates = urls.SelectMany(Candidates).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var best = candidates.Min(c => c.Rank);
        var sameType = candidates.Where(c => c.Rank == best && c.MediaType == candidates.First(d => d.Rank == best).MediaType).ToList();
        var chosen = sameType.Where(c => c.Height is > 0 and <= PreferredMaxHeight).MaxBy(c => c.Height)
            ?? sameType.FirstOrDefault(c => c.Height is null)
            ?? sameType.Where(c => c.Height > PreferredMaxHeight).MinBy(c => c.Height)
            ?? sameType[0];
        return chosen.Reference;
    }

    /// <summary>The essence of a media type, lowercased and without parameters: <c>audio/ogg; codecs=opus</c> is <c>audio/ogg</c>.</summary>
    public static string? Essence(string? mediaType)
    {
        var essence = mediaType?.Split(';')[0].Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(essence) ? null : essence;
    }

    private static IEnumerable<Candidate> Candidates(ObjectReference url)
    {
        var embedded = url.Object;
        var type = Essence(embedded?.MediaType);
        if (url.Id is not null && (type is null || Rank(type) is not null))
        {
            yield return new Candidate(url, type, Rank(type) ?? UntypedRank, HeightOf(embedded));
        }
        // A streaming playlist (PeerTube's HLS) names each rendition's file among its tags.
        foreach (var file in embedded?.Tag.OfType<Link>() ?? [])
        {
            if (file.Href is not null && Essence(file.MediaType) is { } fileType && Rank(fileType) is { } rank)
            {
                yield return new Candidate(ObjectReference.FromObject(file), fileType, rank, file.Height);
            }
        }
    }

    /// <summary>After every media type: a link that names none may still be the file (a bare URL usually is).</summary>
    private const int UntypedRank = 1000;

    /// <summary>Lower is better; null for a type that is no media file (a page, a torrent, a playlist, JSON).</summary>
    private static int? Rank(string? type)
    {
        if (type is null)
        {
            return null;
        }
        var kind = Array.FindIndex(Kinds, k => type.StartsWith(k, StringComparison.Ordinal));
        if (kind < 0)
        {
            return null;
        }
        var native = Array.IndexOf(Native, type);
        return kind * 100 + (native >= 0 ? native : 50);
    }

    private static int? HeightOf(ActivityObject? embedded) => embedded switch
    {
        Link link => link.Height,
        Document document => document.Height,
        _ => null,
    };

    private sealed record Candidate(ObjectReference Reference, string? MediaType, int Rank, int? Height);
}
