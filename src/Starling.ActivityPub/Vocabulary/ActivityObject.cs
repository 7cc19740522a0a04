using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>
/// An ActivityStreams object. Every typed class derives from it; a document of a type this library does not know
/// is read as an <see cref="ActivityObject"/> that keeps its <see cref="Type"/>.
/// </summary>
public class ActivityObject : IJsonOnDeserialized
{
    public ActivityObject() => Type = "Object";

    [JsonPropertyOrder(-2)]
    [JsonConverter(typeof(UriConverter))]
    public string? Id { get; set; }

    /// <summary>The type name; when a document lists several, the first this library knows (or else the first).</summary>
    [JsonPropertyOrder(-1)]
    [JsonConverter(typeof(TypeNameConverter))]
    public string Type { get; set; }

    public string? Name { get; set; }
    public IReadOnlyDictionary<string, string>? NameMap { get; set; }
    public string? Summary { get; set; }
    public IReadOnlyDictionary<string, string>? SummaryMap { get; set; }
    public string? Content { get; set; }
    public IReadOnlyDictionary<string, string>? ContentMap { get; set; }
    public string? MediaType { get; set; }
    public ObjectReference? Url { get; set; }
    public ObjectReference? AttributedTo { get; set; }
    public ObjectReference? InReplyTo { get; set; }
    public DateTimeOffset? Published { get; set; }
    public DateTimeOffset? Updated { get; set; }
    public IReadOnlyList<ObjectReference> To { get; set; } = [];
    public IReadOnlyList<ObjectReference> Cc { get; set; } = [];
    public IReadOnlyList<ObjectReference> Bto { get; set; } = [];
    public IReadOnlyList<ObjectReference> Bcc { get; set; } = [];
    public IReadOnlyList<ObjectReference> Audience { get; set; } = [];
    public bool? Sensitive { get; set; }

    /// <summary>Mentions, hashtags and custom emoji (<see cref="Mention"/>, <see cref="Hashtag"/>, <see cref="Emoji"/>).</summary>
    public IReadOnlyList<ActivityObject> Tag { get; set; } = [];

    /// <summary>Media on posts (<see cref="Document"/> and kin); profile fields (<see cref="PropertyValue"/>) on actors.</summary>
    public IReadOnlyList<ActivityObject> Attachment { get; set; } = [];

    [JsonConverter(typeof(ImageConverter))]
    public Image? Icon { get; set; }

    [JsonConverter(typeof(ImageConverter))]
    public Image? Image { get; set; }

    public ObjectReference? Replies { get; set; }
    public ObjectReference? Likes { get; set; }
    public ObjectReference? Shares { get; set; }
    public ObjectReference? Generator { get; set; }

    /// <summary>True when the public collection is among <see cref="To"/> or <see cref="Cc"/>.</summary>
    [JsonIgnore]
    public bool IsPublic => To.Concat(Cc).Any(r => r.Id == PublicCollection.Id);

    void IJsonOnDeserialized.OnDeserialized()
    {
        // Some servers send only the language maps; the plain property then takes the first language's text.
        Content ??= FirstValue(ContentMap);
        Name ??= FirstValue(NameMap);
        Summary ??= FirstValue(SummaryMap);
    }

    private static string? FirstValue(IReadOnlyDictionary<string, string>? map) =>
        map is null ? null : map.Values.FirstOrDefault();
}
