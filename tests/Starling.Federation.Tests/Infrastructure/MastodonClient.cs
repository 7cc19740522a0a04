using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Starling.Federation.Tests.Infrastructure;

/// <summary>
/// One Starling user's side of the Mastodon client API, over real HTTP to a <see cref="StarlingServer"/>: what an app
/// would call. Answers are the JSON the server sent, so a test reads the fields an app reads.
/// </summary>
public sealed class MastodonClient(StarlingServer server, string token, string username) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };

    public StarlingServer Server { get; } = server;

    public string Username { get; } = username;

    /// <summary>How people on other servers write this user: <c>bob@127.0.0.1:40123</c>.</summary>
    public string Handle => $"{Username}@{new Uri(Server.PublicUrl).Authority}";

    /// <summary>
    /// Signs up through the API alone, as an app does: an app registered, an app token from <c>client_credentials</c>,
    /// then <c>POST /api/v1/accounts</c>, whose answer is the user's token.
    /// </summary>
    public static async Task<MastodonClient> SignUpAsync(StarlingServer server, string username)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
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
        return new MastodonClient(server, token.GetProperty("access_token").GetString()!, username);
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>A POST with the fields as a JSON object, which the API takes as it takes a form.</summary>
    public Task<JsonElement> PostAsync(string path, params (string Name, string Value)[] fields) =>
        SendAsync(HttpMethod.Post, path, fields.ToDictionary(f => f.Name, f => f.Value));

    public Task<JsonElement> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>The HTTP status a GET answers, for things that should be gone (404).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>POST /api/v1/statuses; <paramref name="visibility"/> as Mastodon names it (public, unlisted, private, direct).</summary>
    public Task<JsonElement> PostStatusAsync(string status, string? inReplyToId = null, string visibility = "public", IReadOnlyList<string>? mediaIds = null) =>
        SendAsync(HttpMethod.Post, "api/v1/statuses", new Dictionary<string, object?>
        {
            ["status"] = status,
            ["in_reply_to_id"] = inReplyToId,
            ["visibility"] = visibility,
            ["media_ids"] = mediaIds ?? [],
        });

    /// <summary>POST /api/v1/media, which answers once the file is processed.</summary>
    public async Task<JsonElement> UploadMediaAsync(byte[] file, string fileName, string description)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/media");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName }, { new StringContent(description), "description" } };
        return await ReadAsync(await _http.SendAsync(request));
    }

    /// <summary>A GET without the token, as another server or a browser makes it.</summary>
    public Task<HttpResponseMessage> FetchAsync(string url) => _http.GetAsync(url);

    public Task<JsonElement> StatusAsync(string id) => SendAsync(HttpMethod.Get, $"api/v1/statuses/{id}");

    public Task<JsonElement> DeleteStatusAsync(string id) => SendAsync(HttpMethod.Delete, $"api/v1/statuses/{id}");

    /// <summary>POST /api/v1/statuses/:id/{favourite,unfavourite,reblog,unreblog}.</summary>
    public Task<JsonElement> StatusActionAsync(string id, string action) => SendAsync(HttpMethod.Post, $"api/v1/statuses/{id}/{action}");

    public Task<JsonElement> UpdateCredentialsAsync(object changes) => SendAsync(HttpMethod.Patch, "api/v1/accounts/update_credentials", changes);

    /// <summary>GET /api/v2/search for accounts, asking the server to look the query up remotely (WebFinger) when it does not know it.</summary>
    public async Task<JsonElement> ResolveAccountAsync(string handle)
    {
        var found = await SendAsync(HttpMethod.Get, $"api/v2/search?type=accounts&resolve=true&q={Uri.EscapeDataString(handle)}");
        return Assert.Single(found.GetProperty("accounts").EnumerateArray());
    }

    /// <summary>GET /api/v2/search for accounts the server already knows, without looking anything up remotely.</summary>
    public async Task<IReadOnlyList<JsonElement>> KnownAccountsAsync(string query) =>
        [.. (await SendAsync(HttpMethod.Get, $"api/v2/search?type=accounts&q={Uri.EscapeDataString(query)}")).GetProperty("accounts").EnumerateArray()];

    public Task<JsonElement> FollowAsync(string accountId) => SendAsync(HttpMethod.Post, $"api/v1/accounts/{accountId}/follow");

    public async Task<JsonElement> RelationshipAsync(string accountId) =>
        Assert.Single((await SendAsync(HttpMethod.Get, $"api/v1/accounts/relationships?id[]={accountId}")).EnumerateArray());

    public async Task<IReadOnlyList<JsonElement>> FollowersAsync(string accountId) =>
        [.. (await SendAsync(HttpMethod.Get, $"api/v1/accounts/{accountId}/followers")).EnumerateArray()];

    public async Task<IReadOnlyList<JsonElement>> FollowRequestsAsync() =>
        [.. (await SendAsync(HttpMethod.Get, "api/v1/follow_requests")).EnumerateArray()];

    public Task<JsonElement> AuthorizeFollowRequestAsync(string accountId) =>
        SendAsync(HttpMethod.Post, $"api/v1/follow_requests/{accountId}/authorize");

    public async Task<IReadOnlyList<JsonElement>> HomeAsync() =>
        [.. (await SendAsync(HttpMethod.Get, "api/v1/timelines/home?limit=40")).EnumerateArray()];

    public async Task<IReadOnlyList<JsonElement>> NotificationsAsync() =>
        [.. (await SendAsync(HttpMethod.Get, "api/v1/notifications?limit=40")).EnumerateArray()];

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} /{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

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
