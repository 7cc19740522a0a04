using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>Entities serialized exactly as an endpoint would, with System.Text.Json's default options.</summary>
internal static class EntityJson
{
    /// <summary>Options an endpoint might well choose: ASP.NET Core's web defaults (camelCase) and nulls left out.</summary>
    private static readonly JsonSerializerOptions WebWithoutNulls = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T entity) => JsonSerializer.Serialize(entity);

    public static JsonElement Parse<T>(T entity) => JsonDocument.Parse(Serialize(entity)).RootElement;

    /// <summary>
    /// Compares with the golden file, and checks that the entity's attributes alone decide its JSON: the same bytes come
    /// out under options that rename properties and drop nulls.
    /// </summary>
    public static void AssertGolden<T>(T entity, string fileName, [CallerFilePath] string callerFile = "")
    {
        var json = Serialize(entity);
        GoldenJson.AssertMatches(json, fileName, [TestInstance.Domain], callerFile);
        Assert.Equal(json, JsonSerializer.Serialize(entity, WebWithoutNulls));
    }

    public static bool Has(this JsonElement element, string property) => element.TryGetProperty(property, out _);
}
