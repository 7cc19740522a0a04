using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>
/// Writes times as Mastodon does: UTC, ISO 8601, milliseconds and a <c>Z</c> ("2019-12-08T03:48:33.901Z").
/// EF Core hands back stored times with an unspecified kind; every time Starling stores is UTC, so those are read as UTC.
/// </summary>
public sealed class MastodonDateTimeConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString() ?? throw new JsonException("Expected a time."), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToUtc(value).ToString(Format, CultureInfo.InvariantCulture));

    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
