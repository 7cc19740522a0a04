using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Starling.Federation.Tests.Processes;

/// <summary>
/// A person using a Starling server through its Mastodon API alone, as an app would: signed up with
/// <c>POST /api/v1/accounts</c> (an app token from <c>client_credentials</c>), then calling the API with the user token.
/// </summary>
public sealed class MastodonUser : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;

    private MastodonUser(StarlingServer server, HttpClient http, string token, string username)
    {
        Server = server;
        _http = http;
        _token = token;
        Username = username;
    }

    public StarlingServer Server { get; }

    public string Username { get; }

    /// <summary>How people on other servers write this user: <c>bob@127.0.0.1:40123</c>.</summary>
    public string Handle => $"{Username}@{new Uri(Server.PublicUrl).Authority}";

    public static async Task<MastodonUser> SignUpAsync(StarlingServer server, string username)
    {
        var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
        try
        {
            const string scopes = "read write follow";
            var app = await ReadAsync(await http.PostAsync("api/v1/apps", Form(
                ("client_name", "Federation test"), ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"), ("scopes", scopes))));
            var appToken = await ReadAsync(await http.PostAsync("oauth/token", Form(
                ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!),
                ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", scopes))));
            using var signUp = new HttpRequestMessage(HttpMethod.Post, "api/v1/accounts")
            {
                Content = Form(("username", username), ("email", $"{username}@example.com"), ("password", $"{username}'s long password"),
                    ("agreement", "true"), ("locale", "en")),
            };
            signUp.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken.GetProperty("access_token").GetString());
            var token = await ReadAsync(await http.SendAsync(signUp));
            return new MastodonUser(server, http, token.GetProperty("access_token").GetString()!, username);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<JsonElement> PostAsync(string path, params (string Name, string Value)[] form) => SendAsync(HttpMethod.Post, path, Form(form));

    public Task<JsonElement> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>The HTTP status a GET answers, for things that should be gone (404).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The account <paramref name="handle"/> as this server knows it, looked up (by WebFinger if need be) with search.</summary>
    public async Task<JsonElement> ResolveAsync(string handle)
    {
        var found = await GetAsync($"api/v2/search?type=accounts&resolve=true&q={Uri.EscapeDataString(handle)}");
        var accounts = found.GetProperty("accounts").EnumerateArray().ToList();
        return accounts.Count == 1 ? accounts[0] : throw new InvalidOperationException($"Searching {handle} on {Server.PublicUrl} found {accounts.Count} accounts: {found}");
    }

    public async Task<IReadOnlyList<JsonElement>> HomeAsync() => [.. (await GetAsync("api/v1/timelines/home?limit=40")).EnumerateArray()];

    public async Task<IReadOnlyList<JsonElement>> NotificationsAsync() => [.. (await GetAsync("api/v1/notifications?limit=40")).EnumerateArray()];

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = Request(method, path, content);
        return await ReadAsync(await _http.SendAsync(request));
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            }
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
