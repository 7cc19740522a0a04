using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Starling.Federation.Tests.Fedify;

/// <summary>
/// One Starling user's side of the Mastodon client API, over real HTTP to a <see cref="StarlingServer"/>: what an app
/// would call. Answers are the JSON the server sent, so a test reads the fields an app reads.
/// </summary>
public sealed class MastodonClient(Uri baseUrl, string token) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>POST /api/v1/statuses; <paramref name="visibility"/> as Mastodon names it (public, unlisted, private, direct).</summary>
    public Task<JsonElement> PostStatusAsync(string status, string? inReplyToId = null, string visibility = "public") =>
        SendAsync(HttpMethod.Post, "api/v1/statuses", new Dictionary<string, object?>
        {
            ["status"] = status,
            ["in_reply_to_id"] = inReplyToId,
            ["visibility"] = visibility,
        });

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
}
