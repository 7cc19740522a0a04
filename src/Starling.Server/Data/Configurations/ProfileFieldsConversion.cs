using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

/// <summary>
/// Profile fields live in one JSON text column on the account row: they are few (at most four), always read with the
/// account, and never queried, so a timeline page that loads its authors needs no extra query for them.
/// </summary>
internal static class ProfileFieldsConversion
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ValueConverter<IReadOnlyList<ProfileField>, string> Converter { get; } =
        new(fields => Write(fields), text => Read(text));

    public static ValueComparer<IReadOnlyList<ProfileField>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        fields => fields.Aggregate(0, (hash, field) => HashCode.Combine(hash, field.GetHashCode())),
        fields => fields.ToList());

    public static string Write(IReadOnlyList<ProfileField> fields) => JsonSerializer.Serialize(fields, Json);

    /// <summary>Most accounts have no fields: their "[]" is read without the serializer, as every timeline page reads many authors.</summary>
    public static IReadOnlyList<ProfileField> Read(string text) =>
        string.IsNullOrEmpty(text) || text == "[]" ? [] : JsonSerializer.Deserialize<List<ProfileField>>(text, Json) ?? [];
}
