using System.Globalization;

namespace Starling.Server.Api.Entities;

/// <summary>Ids travel as strings in the API (JavaScript clients cannot hold 64-bit integers exactly).</summary>
public static class EntityIds
{
    public static string Of(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string? Of(long? id) => id is { } value ? Of(value) : null;

    /// <summary>Reads an id a client sent; false for anything that is not one of ours, so the caller can answer 404.</summary>
    public static bool TryParse(string? value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
