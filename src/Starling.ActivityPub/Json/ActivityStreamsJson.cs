using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Json;

/// <summary>
/// Reads and writes ActivityStreams documents. Reading is tolerant of the shapes real servers send; writing is strict
/// and shaped like Mastodon's output (see <see cref="ActivityStreamsContext"/>). Reading throws only
/// <see cref="ActivityStreamsFormatException"/>.
/// </summary>
public static class ActivityStreamsJson
{
    /// <summary>How deep objects and arrays may nest in a document read.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The options behind both directions (read-only). Use them for embedded values; whole documents go through
    /// <see cref="Serialize(ActivityObject)"/>, which adds the <c>@context</c>, and <see cref="Deserialize(string)"/>,
    /// which picks each object's class from its <c>type</c>.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(ActivityObject document) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(document));

    public static byte[] SerializeToUtf8Bytes(ActivityObject document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(buffer, document);
        return buffer.WrittenSpan.ToArray();
    }

    public static async Task SerializeAsync(Stream destination, ActivityObject document, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(buffer, document);
        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Writes the document with <c>@context</c> as its first property.</summary>
    public static void Serialize(IBufferWriter<byte> destination, ActivityObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = Options.Encoder, SkipValidation = false }))
        {
            JsonSerializer.Serialize(writer, document, document.GetType(), Options);
        }

        // The body is "{...}": the context goes in front of its first property.
        var properties = body.WrittenSpan[1..];
        Write(destination, "{\"@context\":"u8);
        Write(destination, ActivityStreamsContext.Utf8);
        if (properties.Length > 1)
        {
            Write(destination, ","u8);
        }

        Write(destination, properties);
    }

    public static ActivityObject Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(Encoding.UTF8.GetBytes(json));
    }

    public static ActivityObject Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            if (utf8Json.StartsWith(Encoding.UTF8.Preamble))
            {
                utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];
            }

            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ActivityStreamsFormatException("An ActivityStreams document must be a JSON object.");
            }

            var document = EmbeddedObjects.Read(ref reader, Options);
            if (reader.Read())
            {
                throw new ActivityStreamsFormatException("Unexpected data after the document.");
            }

            return document;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or NotSupportedException)
        {
            throw new ActivityStreamsFormatException($"Not a readable ActivityStreams document: {e.Message}", e);
        }
    }

    public static async Task<ActivityObject> DeserializeAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken);
        return Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a document that must be a <typeparamref name="T"/> (a <see cref="Note"/>, an <see cref="Actor"/>, ...).</summary>
    public static T Deserialize<T>(string json)
        where T : ActivityObject => Expect<T>(Deserialize(json));

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
        where T : ActivityObject => Expect<T>(Deserialize(utf8Json));

    public static async Task<T> DeserializeAsync<T>(Stream source, CancellationToken cancellationToken = default)
        where T : ActivityObject => Expect<T>(await DeserializeAsync(source, cancellationToken));

    private static T Expect<T>(ActivityObject document)
        where T : ActivityObject =>
        document as T ?? throw new ActivityStreamsFormatException($"Expected a {typeof(T).Name}, found a document of type {document.Type}.");

    private static void Write(IBufferWriter<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination.GetSpan(bytes.Length));
        destination.Advance(bytes.Length);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
            // Documents are served as JSON, never inside HTML, so HTML content and non-ASCII text stay readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MaxDepth,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyCollections, ChoosePlayableMediaUrl } },
            Converters =
            {
                new TimestampConverter(),
                new ReferenceListConverter(),
                new ObjectListConverterFactory(),
                new StringListConverter(),
            },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>A media file's <c>url</c> (on <see cref="Document"/> and its kin) picks the link to play from an array.</summary>
    private static void ChoosePlayableMediaUrl(JsonTypeInfo typeInfo)
    {
        if (!typeof(Document).IsAssignableFrom(typeInfo.Type))
        {
            return;
        }
        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "url")
            {
                property.CustomConverter = MediaUrlConverter.Instance;
            }
        }
    }

    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is not (null or ICollection { Count: 0 });
            }
        }
    }
}
