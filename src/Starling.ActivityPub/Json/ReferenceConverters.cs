using System.Text.Json;
using System.Text.Json.Serialization;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Json;

/// <summary>Reads an embedded object into the class its <c>type</c> names, and writes it with all its properties.</summary>
internal static class EmbeddedObjects
{
    public static ActivityObject Read(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var type = ActivityTypes.ClassFor(ActivityTypes.PeekName(reader));
        return (ActivityObject)JsonSerializer.Deserialize(ref reader, type, options)!;
    }

    public static void Write(Utf8JsonWriter writer, ActivityObject value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}

/// <summary>A URI, an embedded object or link, the first of an array of them, or null.</summary>
internal sealed class ObjectReferenceConverter : JsonConverter<ObjectReference?>
{
    public override bool HandleNull => true;

    public override ObjectReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var uri = reader.GetString();
                return string.IsNullOrEmpty(uri) ? null : ObjectReference.FromUri(uri);
            case JsonTokenType.StartObject:
                return ObjectReference.FromObject(EmbeddedObjects.Read(ref reader, options));
            case JsonTokenType.StartArray:
                ObjectReference? first = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = Read(ref reader, typeToConvert, options);
                    first ??= item;
                }

                return first;
            default:
                throw new JsonException($"Expected a URI or an object, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ObjectReference? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else if (value.Object is { } embedded)
        {
            EmbeddedObjects.Write(writer, embedded, options);
        }
        else
        {
            writer.WriteStringValue(value.Id);
        }
    }
}

/// <summary>
/// A media file's <c>url</c>: read as any reference, except that from an array of links the one to play is chosen
/// (<see cref="MediaLinks.ChoosePlayable"/>) rather than the first.
/// </summary>
internal sealed class MediaUrlConverter : JsonConverter<ObjectReference?>
{
    public static readonly MediaUrlConverter Instance = new();

    private static readonly ObjectReferenceConverter Element = new();

    public override bool HandleNull => true;

    public override ObjectReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Element.Read(ref reader, typeToConvert, options);
        }

        var links = new List<ObjectReference>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Element.Read(ref reader, typeToConvert, options) is { } link)
            {
                links.Add(link);
            }
        }

        return MediaLinks.ChoosePlayable(links);
    }

    public override void Write(Utf8JsonWriter writer, ObjectReference? value, JsonSerializerOptions options) =>
        Element.Write(writer, value, options);
}

/// <summary>Addressing and item lists: one reference or an array of them; written as an array.</summary>
internal class ReferenceListConverter : JsonConverter<IReadOnlyList<ObjectReference>>
{
    protected static readonly ObjectReferenceConverter Element = new();

    public override bool HandleNull => true;

    public override IReadOnlyList<ObjectReference> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Element.Read(ref reader, typeof(ObjectReference), options) is { } single ? [single] : [];
        }

        var items = new List<ObjectReference>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Element.Read(ref reader, typeof(ObjectReference), options) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ObjectReference> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            Element.Write(writer, item, options);
        }

        writer.WriteEndArray();
    }
}

/// <summary>An activity's <c>object</c>: written as a single value when there is one, as Mastodon does.</summary>
internal sealed class ObjectsConverter : ReferenceListConverter
{
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ObjectReference> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            Element.Write(writer, value[0], options);
        }
        else
        {
            base.Write(writer, value, options);
        }
    }
}

/// <summary>Lists of embedded objects (tags, attachments, poll options): bare URIs among them are skipped.</summary>
internal sealed class ObjectListConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType
        && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
        && typeof(ActivityObject).IsAssignableFrom(typeToConvert.GetGenericArguments()[0]);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ObjectListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class ObjectListConverter<T> : JsonConverter<IReadOnlyList<T>>
        where T : ActivityObject
    {
        public override bool HandleNull => true;

        public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var items = new List<T>();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ReadItem(ref reader, options, items);
                }
            }
            else
            {
                ReadItem(ref reader, options, items);
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                EmbeddedObjects.Write(writer, item, options);
            }

            writer.WriteEndArray();
        }

        private static void ReadItem(ref Utf8JsonReader reader, JsonSerializerOptions options, List<T> items)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null or JsonTokenType.String:
                    return;
                case JsonTokenType.StartObject:
                    // A declared class other than the base (a poll option is a Note) is read as that class directly.
                    var item = typeof(T) == typeof(ActivityObject)
                        ? EmbeddedObjects.Read(ref reader, options)
                        : JsonSerializer.Deserialize<T>(ref reader, options);
                    if (item is T typed)
                    {
                        items.Add(typed);
                    }

                    return;
                default:
                    throw new JsonException($"Expected an object, found {reader.TokenType}.");
            }
        }
    }
}
