using System.Collections.Frozen;
using System.Text.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Json;

/// <summary>Which class a type name is read into, and how a <c>type</c> value (string or array) picks its name.</summary>
internal static class ActivityTypes
{
    private const string ActivityStreamsNamespace = "https://www.w3.org/ns/activitystreams#";

    private static readonly FrozenDictionary<string, Type> Classes = new[]
    {
        typeof(Person), typeof(Service), typeof(Application), typeof(Group), typeof(Organization),
        typeof(Create), typeof(Update), typeof(Delete), typeof(Follow), typeof(Accept), typeof(Reject), typeof(Undo),
        typeof(Announce), typeof(Like), typeof(EmojiReact), typeof(Block), typeof(Flag), typeof(Move), typeof(Add),
        typeof(Remove),
        typeof(Note), typeof(Article), typeof(Page), typeof(Question), typeof(Tombstone), typeof(Emoji),
        typeof(PropertyValue),
        typeof(Link), typeof(Mention), typeof(Hashtag),
        typeof(Document), typeof(Image), typeof(Video), typeof(Audio),
        typeof(Collection), typeof(OrderedCollection), typeof(CollectionPage), typeof(OrderedCollectionPage),
    }.ToFrozenDictionary(type => type.Name, StringComparer.Ordinal);

    public static Type ClassFor(string? typeName) =>
        typeName is not null && Classes.TryGetValue(typeName, out var type) ? type : typeof(ActivityObject);

    /// <summary>Reads the value of a <c>type</c> property; the reader stands on that value.</summary>
    public static string? ReadName(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return Normalize(reader.GetString()!);
            case JsonTokenType.StartArray:
                string? first = null;
                string? known = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("A type array may hold only strings.");
                    }

                    var name = Normalize(reader.GetString()!);
                    first ??= name;
                    if (known is null && Classes.ContainsKey(name))
                    {
                        known = name;
                    }
                }

                return known ?? first;
            default:
                throw new JsonException("A type must be a string or an array of strings.");
        }
    }

    /// <summary>Finds the type name of the object the reader stands on, reading a copy so the original stays put.</summary>
    public static string? PeekName(Utf8JsonReader probe)
    {
        var depth = probe.CurrentDepth;
        while (probe.Read())
        {
            if (probe.TokenType == JsonTokenType.EndObject && probe.CurrentDepth == depth)
            {
                break;
            }

            if (probe.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var isType = probe.ValueTextEquals("type"u8);
            probe.Read();
            if (isType)
            {
                return ReadName(ref probe);
            }

            probe.Skip();
        }

        return null;
    }

    private static string Normalize(string name) =>
        name.StartsWith(ActivityStreamsNamespace, StringComparison.Ordinal) ? name[ActivityStreamsNamespace.Length..]
        : name.StartsWith("as:", StringComparison.Ordinal) ? name[3..]
        : name;
}
