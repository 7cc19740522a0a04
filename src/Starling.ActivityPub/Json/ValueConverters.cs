using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Json;

/// <summary>A <c>type</c>: a string, or an array from which the first known name is kept.</summary>
internal sealed class TypeNameConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ActivityTypes.ReadName(ref reader) ?? "Object";

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

/// <summary>A property that is a URI but may arrive as an object or link (its id or href), or as an array.</summary>
internal sealed class UriConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadUri(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    internal static string? ReadUri(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var value = reader.GetString();
                return string.IsNullOrEmpty(value) ? null : value;
            case JsonTokenType.StartArray:
                string? first = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadUri(ref reader);
                    first ??= item;
                }

                return first;
            case JsonTokenType.StartObject:
                string? id = null;
                string? href = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    var isHref = reader.ValueTextEquals("href"u8);
                    reader.Read();
                    if ((isId || isHref) && reader.TokenType == JsonTokenType.String)
                    {
                        if (isId)
                        {
                            id = reader.GetString();
                        }
                        else
                        {
                            href = reader.GetString();
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return href ?? id;
            default:
                throw new JsonException($"Expected a URI, found {reader.TokenType}.");
        }
    }
}

/// <summary>A list of URIs (<c>alsoKnownAs</c>): one or many, strings or objects with ids.</summary>
internal sealed class UriListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return UriConverter.ReadUri(ref reader) is { } single ? [single] : [];
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (UriConverter.ReadUri(ref reader) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        StringListConverter.WriteStrings(writer, value);
}

/// <summary>A list of plain strings (<c>rel</c>): one string or an array of them.</summary>
internal sealed class StringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException($"Expected a string, found {reader.TokenType}.");
                    }

                    items.Add(reader.GetString()!);
                }

                return items;
            default:
                throw new JsonException($"Expected a string or an array of strings, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        WriteStrings(writer, value);

    internal static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> value)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>
/// Times: read from any ISO 8601 form (an unreadable string or a boolean, as some servers send for <c>closed</c>,
/// reads as null); written in UTC to the second, <c>2026-11-26T01:02:03Z</c>.
/// </summary>
internal sealed class TimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False:
                return null;
            case JsonTokenType.String:
                return DateTimeOffset.TryParse(
                    reader.GetString(),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var value)
                    ? value
                    : null;
            default:
                throw new JsonException($"Expected a time, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>An icon or header: an image object of any media type, a bare URL, or the first of an array.</summary>
internal sealed class ImageConverter : JsonConverter<Image?>
{
    public override bool HandleNull => true;

    public override Image? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var url = reader.GetString();
                return string.IsNullOrEmpty(url) ? null : new Image { Url = url };
            case JsonTokenType.StartObject:
                return JsonSerializer.Deserialize<Image>(ref reader, options);
            case JsonTokenType.StartArray:
                Image? first = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = Read(ref reader, typeToConvert, options);
                    first ??= item;
                }

                return first;
            default:
                throw new JsonException($"Expected an image, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, Image? value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>A single object that some servers send as an array of them (an actor's key, its endpoints).</summary>
internal sealed class FirstObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return JsonSerializer.Deserialize<T>(ref reader, options);
            case JsonTokenType.StartArray:
                T? first = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = Read(ref reader, typeToConvert, options);
                    first ??= item;
                }

                return first;
            default:
                throw new JsonException($"Expected an object, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>
/// A file's <c>duration</c>: an <c>xsd:duration</c> (<c>PT2M5.5S</c>), or a number of seconds, as some servers send it.
/// A value that cannot be a recording's length (unreadable, not positive, longer than
/// <see cref="Document.LongestDuration"/>) reads as null rather than failing the document it came in.
/// </summary>
internal sealed class MediaDurationConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return XsdDuration.TryParse(reader.GetString(), out var duration) ? Plausible(duration) : null;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var seconds) && seconds > 0 && seconds <= Document.LongestDuration.TotalSeconds
                    ? TimeSpan.FromSeconds(seconds)
                    : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } duration)
        {
            writer.WriteStringValue(XsdDuration.Format(duration));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static TimeSpan? Plausible(TimeSpan duration) =>
        duration > TimeSpan.Zero && duration <= Document.LongestDuration ? duration : null;
}
