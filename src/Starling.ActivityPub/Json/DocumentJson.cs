using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Starling.ActivityPub.Json;

/// <summary>Reads and writes the small fixed-shape documents (WebFinger, host-meta, NodeInfo).</summary>
internal static class DocumentJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Reads a document; anything unreadable is a <see cref="FormatException"/> naming what was read.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, string what)
        where T : class
    {
        try
        {
            if (utf8Json.StartsWith(System.Text.Encoding.UTF8.Preamble))
            {
                utf8Json = utf8Json[System.Text.Encoding.UTF8.Preamble.Length..];
            }

            return JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new FormatException($"A {what} must be a JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new FormatException($"Not a readable {what}: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Other servers' spellings vary in case ("activeHalfYear"); the names written are the schemas' own.
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = ActivityStreamsJson.MaxDepth,
            Converters = { new StringListConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
