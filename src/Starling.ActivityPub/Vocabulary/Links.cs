using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>A link to another resource; <see cref="ObjectReference.Id"/> of a reference to a link is its <see cref="Href"/>.</summary>
public class Link : ActivityObject
{
    public Link() => Type = nameof(Link);

    [JsonConverter(typeof(UriConverter))]
    public string? Href { get; set; }

    [JsonPropertyName("hreflang")]
    public string? HrefLang { get; set; }

    public IReadOnlyList<string> Rel { get; set; } = [];
    public int? Width { get; set; }
    public int? Height { get; set; }
}

/// <summary>A mention: <see cref="Link.Href"/> is the actor's URI, <see cref="ActivityObject.Name"/> <c>@user@host</c>.</summary>
public sealed class Mention : Link
{
    public Mention() => Type = nameof(Mention);
}

/// <summary>A hashtag: <see cref="Link.Href"/> is the tag's page, <see cref="ActivityObject.Name"/> <c>#tag</c>.</summary>
public sealed class Hashtag : Link
{
    public Hashtag() => Type = nameof(Hashtag);
}
