using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Starling.Server.Data.Configurations;

/// <summary>A short list of strings kept in one JSON text column, read with its row and never queried.</summary>
internal static class StringListConversion
{
    public static ValueConverter<IReadOnlyList<string>, string> Converter { get; } =
        new(values => JsonSerializer.Serialize(values, (JsonSerializerOptions?)null), text => Read(text));

    public static ValueComparer<IReadOnlyList<string>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        values => values.Aggregate(0, (hash, value) => HashCode.Combine(hash, value.GetHashCode(StringComparison.Ordinal))),
        values => values.ToList());

    private static IReadOnlyList<string> Read(string text) =>
        string.IsNullOrEmpty(text) || text == "[]" ? [] : JsonSerializer.Deserialize<List<string>>(text) ?? [];
}
