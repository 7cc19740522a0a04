using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Starling.Bench.Running;

/// <summary>Gets a bearer token the way a Mastodon client does (register an app, password grant) and fetches API pages with it.</summary>
public sealed class ApiSession : IDisposable
{
    private readonly HttpClient _client;

    public ApiSession(Uri baseUri) => _client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };

    public string? AccessToken { get; private set; }

    public async Task SignInAsync(string username, string password, string scopes = "read")
    {
        using var app = await _client.PostAsync("/api/v1/apps", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_name"] = "Starling benchmark",
            ["redirect_uris"] = "urn:ietf:wg:oauth:2.0:oob",
            ["scopes"] = scopes,
        }));
        var registered = await ReadJsonAsync(app, "POST /api/v1/apps");
        using var token = await _client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = registered.GetProperty("client_id").GetString()!,
            ["client_secret"] = registered.GetProperty("client_secret").GetString()!,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = scopes,
        }));
        AccessToken = (await ReadJsonAsync(token, "POST /oauth/token")).GetProperty("access_token").GetString();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    /// <summary>The header line wrk sends.</summary>
    public IReadOnlyList<string> Headers => AccessToken is null ? [] : [$"Authorization: Bearer {AccessToken}"];

    /// <summary>An API list endpoint's answer; the items it holds count as the page's posts.</summary>
    public async Task<FetchedPage> FetchAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        var items = 0;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            using var json = JsonDocument.Parse(body);
            items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.GetArrayLength() : 0;
        }
        return new FetchedPage(path, response.StatusCode, body.Length, items);
    }

    /// <summary>Posts a public status through <c>POST /api/v1/statuses</c> (needs the <c>write</c> scope); returns its id.</summary>
    public async Task<string> PostStatusAsync(string text)
    {
        using var response = await _client.PostAsync("/api/v1/statuses", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["status"] = text,
            ["visibility"] = "public",
        }));
        return (await ReadJsonAsync(response, "POST /api/v1/statuses")).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _client.Dispose();
}
