using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Starling.Server.Api.OAuth;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary>Shortcuts for the accounts API tests: user tokens without the OAuth dance, JSON in one call, the Link header's targets.</summary>
internal static class AccountsApi
{
    public const string AllScopes = "read write follow push";

    /// <summary>A real user token (issued the way the <c>user token</c> verb issues one), quicker than the password grant.</summary>
    public static Task<string> TokenAsync(this TestInstance app, string username, string scopes = AllScopes) =>
        app.UseAsync<CliTokens, string>(tokens => tokens.IssueAsync(username, scopes));

    public static async Task<JsonElement> GetJsonAsync(this ApiClient client, string path, string? token = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path, token);
        return await ApiClient.ReadJsonAsync(response, expected);
    }

    public static async Task<JsonElement> PostJsonAsync(this ApiClient client, string path, string? token, HttpContent? content = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(HttpMethod.Post, path, token, content);
        return await ApiClient.ReadJsonAsync(response, expected);
    }

    /// <summary>The ids in a JSON array of entities, in order.</summary>
    public static List<string> Ids(this JsonElement array) => array.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    public static string IdText(this World world, string username) => world.Id(username).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string StatusId(this World world, string status) => world.Status(status).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <c>Link</c> header's targets by relation ("next", "prev"), as paths with their query.</summary>
    public static Dictionary<string, string> Links(this HttpResponseMessage response)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return links;
        }
        foreach (var part in string.Join(",", values).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var close = part.IndexOf('>');
            var relation = part[(part.IndexOf("rel=\"", StringComparison.Ordinal) + 5)..].TrimEnd('"');
            var uri = new Uri(part[1..close]);
            links[relation] = uri.PathAndQuery;
        }
        return links;
    }

    public static MultipartFormDataContent Multipart(params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return content;
    }

    public static ByteArrayContent FilePart(byte[] bytes, string mediaType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return file;
    }
}
