using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>The standard world with API tokens for its people, and the calls the status tests make over and over.</summary>
public abstract class StatusApiTest(TestDatabase database) : IntegrationTest(database)
{
    protected sealed record Session(TestInstance App, World World, ApiClient Client, string Alice, string Bob, string Carol) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    protected async Task<Session> StartSessionAsync(bool fakeTime = false)
    {
        var app = await StartAsync(o => o with { FakeTime = fakeTime });
        var world = await app.CreateStandardWorldAsync();
        var client = new ApiClient(app);
        return new Session(app, world, client, await client.UserTokenAsync("alice"), await client.UserTokenAsync("bob"), await client.UserTokenAsync("carol"));
    }

    protected static async Task<JsonElement> PostStatusAsync(ApiClient client, string token, params (string Name, string? Value)[] fields)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/statuses", token, ApiClient.Form(fields));
        return await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    protected static async Task<JsonElement> CallAsync(ApiClient client, HttpMethod method, string path, string? token, HttpStatusCode expected = HttpStatusCode.OK, HttpContent? content = null)
    {
        using var response = await client.SendAsync(method, path, token, content);
        return await ApiClient.ReadJsonAsync(response, expected);
    }

    protected static async Task AssertErrorAsync(ApiClient client, HttpMethod method, string path, string? token, HttpStatusCode expected, HttpContent? content = null)
    {
        using var response = await client.SendAsync(method, path, token, content);
        await ApiClient.AssertErrorAsync(response, expected);
    }

    protected static string Id(JsonElement json) => json.GetProperty("id").GetString()!;
}
