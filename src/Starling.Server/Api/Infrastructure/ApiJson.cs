using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Starling.Server.Api.Entities;

namespace Starling.Server.Api.Infrastructure;

/// <summary>How the API writes JSON: every property as its record names it, nulls included, times as Mastodon writes them.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Entity HTML ("<p>...</p>") reads as itself; the body is JSON, never inlined into a page.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new MastodonDateTimeConverter());
    }

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
