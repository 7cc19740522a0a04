using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Starling.Server.Tests.Api;

/// <summary>A page of a paged API list as a client reads it: the JSON array, and the Link header's next and prev paths.</summary>
public sealed partial record ApiPage(JsonElement Json, string Body, string? Next, string? Prev)
{
    public IReadOnlyList<JsonElement> Items => Json.EnumerateArray().ToList();

    /// <summary>The items' ids, in the order sent.</summary>
    public IReadOnlyList<string> Ids => Items.Select(item => item.GetProperty("id").GetString()!).ToList();

    /// <summary>GETs the path with the token, expects 200, and reads the Link header's targets as paths on this server.</summary>
    public static async Task<ApiPage> GetAsync(ApiClient client, string path, string? token)
    {
        using var response = await client.GetAsync(path, token);
        var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
        string? next = null, prev = null;
        if (response.Headers.TryGetValues("Link", out var values))
        {
            foreach (Match link in LinkPattern().Matches(string.Join(", ", values)))
            {
                var target = new Uri(link.Groups["url"].Value);
                Assert.Equal(TestInstance.Domain, target.Authority);
                if (link.Groups["rel"].Value == "next")
                {
                    next = target.PathAndQuery;
                }
                else if (link.Groups["rel"].Value == "prev")
                {
                    prev = target.PathAndQuery;
                }
            }
        }
        return new ApiPage(json, json.GetRawText(), next, prev);
    }

    [GeneratedRegex("<(?<url>[^>]+)>; rel=\"(?<rel>[a-z]+)\"")]
    private static partial Regex LinkPattern();
}
