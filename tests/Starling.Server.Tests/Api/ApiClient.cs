using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Starling.Server.Tests.Api;

/// <summary>A registered client app's credentials, as <c>POST /api/v1/apps</c> returned them.</summary>
public sealed record RegisteredApp(string Id, string ClientId, string ClientSecret, JsonElement Json);

/// <summary>
/// A Mastodon client app talking to a test instance over HTTP: registers itself, gets tokens from <c>/oauth/token</c>
/// and calls the API with them. Redirects are not followed, so tests see each one.
/// </summary>
public sealed class ApiClient(TestInstance app) : IDisposable
{
    public const string Oob = "urn:ietf:wg:oauth:2.0:oob";

    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task<RegisteredApp> RegisterAsync(string scopes = "read write follow push", string redirectUris = Oob, string name = "Test App")
    {
        using var response = await Http.PostAsync("/api/v1/apps", Form(("client_name", name), ("redirect_uris", redirectUris), ("scopes", scopes), ("website", "https://app.example")));
        var json = await ReadJsonAsync(response, HttpStatusCode.OK);
        return new RegisteredApp(json.GetProperty("id").GetString()!, json.GetProperty("client_id").GetString()!, json.GetProperty("client_secret").GetString()!, json);
    }

    /// <summary>The password grant, as toot's login_cli and Mastodon.py's log_in use it; the whole token reply.</summary>
    public async Task<JsonElement> PasswordGrantAsync(RegisteredApp registered, string login, string password = WorldBuilder.Password, string? scope = "read write follow push")
    {
        using var response = await TokenAsync(registered, ("grant_type", "password"), ("username", login), ("password", password), ("scope", scope));
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<string> UserTokenAsync(string login, string scopes = "read write follow push")
    {
        var registered = await RegisterAsync(scopes);
        return (await PasswordGrantAsync(registered, login, scope: scopes)).GetProperty("access_token").GetString()!;
    }

    public Task<HttpResponseMessage> TokenAsync(RegisteredApp registered, params (string Name, string? Value)[] fields) =>
        Http.PostAsync("/oauth/token", Form([("client_id", registered.ClientId), ("client_secret", registered.ClientSecret), .. fields]));

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return Http.SendAsync(request);
    }

    public static FormUrlEncodedContent Form(params (string Name, string? Value)[] fields) =>
        new(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Asserts the status (showing the body when it differs) and parses the JSON body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a Mastodon error reply: the status and <c>{"error": message}</c>.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string? error = null)
    {
        var json = await ReadJsonAsync(response, expected);
        var text = json.GetProperty("error").GetString();
        Assert.False(string.IsNullOrEmpty(text));
        if (error is not null)
        {
            Assert.Equal(error, text);
        }
    }

    public void Dispose() => Http.Dispose();
}
