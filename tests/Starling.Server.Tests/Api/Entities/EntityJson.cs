using System.Text.Json;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>Entities serialized exactly as an endpoint would, with System.Text.Json's default options.</summary>
internal static class EntityJson
{
    public static string Serialize<T>(T entity) => JsonSerializer.Serialize(entity);

    public static JsonElement Parse<T>(T entity) => JsonDocument.Parse(Serialize(entity)).RootElement;

    public static void AssertGolden<T>(T entity, string fileName, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "") =>
        GoldenJson.AssertMatches(Serialize(entity), fileName, [TestInstance.Domain], callerFile);

    public static bool Has(this JsonElement element, string property) => element.TryGetProperty(property, out _);
}
