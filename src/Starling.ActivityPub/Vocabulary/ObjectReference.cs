using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>
/// A property value that is either a URI or an embedded object (or link). Strings and objects convert to it
/// implicitly, so <c>Actor = "https://example.com/users/alice"</c> and <c>Object = note</c> both work.
/// </summary>
[JsonConverter(typeof(ObjectReferenceConverter))]
public sealed class ObjectReference
{
    private readonly string? _uri;

    private ObjectReference(string? uri, ActivityObject? embedded)
    {
        _uri = uri;
        Object = embedded;
    }

    /// <summary>The embedded object or link, or null when only a URI was given.</summary>
    public ActivityObject? Object { get; }

    /// <summary>The URI: the given one, the embedded object's id, or an embedded link's href.</summary>
    public string? Id => Object switch
    {
        null => _uri,
        Link link => link.Href ?? link.Id,
        _ => Object.Id,
    };

    public static ObjectReference FromUri(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return new ObjectReference(PublicCollection.Matches(uri) ? PublicCollection.Id : uri, null);
    }

    public static ObjectReference FromObject(ActivityObject embedded)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        return new ObjectReference(null, embedded);
    }

    public static implicit operator ObjectReference(string uri) => FromUri(uri);
    public static implicit operator ObjectReference(ActivityObject embedded) => FromObject(embedded);

    public override string ToString() => Id ?? $"({Object?.Type})";
}
