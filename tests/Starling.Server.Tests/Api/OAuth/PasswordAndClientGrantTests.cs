using System.Net;
using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Api.OAuth;

/// <summary>The grants that need no browser: password (toot's login_cli, Mastodon.py's log_in), client_credentials, refresh_token.</summary>
public abstract class PasswordAndClientGrantTests(TestDatabase database) : IntegrationTest(database)
{
    [Theory]
    [InlineData("alice")]
    [InlineData("@Alice")]
    [InlineData("alice@example.com")]
    [InlineData("ALICE@EXAMPLE.COM")]
    public async Task The_password_grant_takes_the_username_or_the_email_and_echoes_the_scopes(string login)
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        var reply = await client.PasswordGrantAsync(registered, login, scope: "read write");

        Assert.Equal("Bearer", reply.GetProperty("token_type").GetString());
        Assert.Equal("read write", reply.GetProperty("scope").GetString());
        Assert.Equal(app.Clock!.GetUtcNow().ToUnixTimeSeconds(), reply.GetProperty("created_at").GetInt64());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", reply.GetProperty("access_token").GetString());
        Assert.False(reply.TryGetProperty("expires_in", out _), "Mastodon tokens do not expire.");
        var token = reply.GetProperty("access_token").GetString()!;
        var verified = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/apps/verify_credentials", token), HttpStatusCode.OK);
        Assert.Equal(registered.Id, verified.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Without_a_scope_the_token_gets_read_as_on_mastodon()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        var reply = await client.PasswordGrantAsync(registered, "alice", scope: null);

        Assert.Equal("read", reply.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_user_is_an_invalid_grant_and_stores_nothing()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        using var wrong = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "alice"), ("password", "not the password"));
        using var unknown = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "nobody"), ("password", WorldBuilder.Password));

        foreach (var response in new[] { wrong, unknown })
        {
            var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        }
        Assert.False(await app.DbAsync(db => db.OAuthTokens.AnyAsync()));
    }

    [Fact]
    public async Task Suspended_and_unapproved_users_get_no_token()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "approval" } });
        await app.World().Users("alice").BuildAsync();
        await app.UseAsync<RegisterAccount, User>(r => r.RegisterAsync(new Registration("dave", "dave@example.com", WorldBuilder.Password)));
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        using var suspended = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "alice"), ("password", WorldBuilder.Password));
        using var unapproved = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "dave"), ("password", WorldBuilder.Password));

        var suspendedJson = await ApiClient.ReadJsonAsync(suspended, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", suspendedJson.GetProperty("error").GetString());
        Assert.Contains("suspended", suspendedJson.GetProperty("error_description").GetString());
        var unapprovedJson = await ApiClient.ReadJsonAsync(unapproved, HttpStatusCode.BadRequest);
        Assert.Contains("approval", unapprovedJson.GetProperty("error_description").GetString());
        Assert.False(await app.DbAsync(db => db.OAuthTokens.AnyAsync()));
    }

    [Fact]
    public async Task A_scope_the_app_did_not_register_is_refused()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync(scopes: "read");

        using var response = await client.TokenAsync(registered, ("grant_type", "password"), ("username", "alice"), ("password", WorldBuilder.Password), ("scope", "read write"));
        var granular = await client.PasswordGrantAsync(registered, "alice", scope: "read:statuses");

        Assert.Equal("invalid_scope", (await ApiClient.ReadJsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.Equal("read:statuses", granular.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        using var response = await client.TokenAsync(registered with { ClientSecret = "wrong" }, ("grant_type", "client_credentials"));

        Assert.Equal("invalid_client", (await ApiClient.ReadJsonAsync(response, HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Client_credentials_give_an_app_token_that_verifies_the_app_but_is_no_user()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        using var response = await client.TokenAsync(registered, ("grant_type", "client_credentials"), ("scope", "read"));
        var reply = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
        var token = reply.GetProperty("access_token").GetString()!;

        Assert.Equal("read", reply.GetProperty("scope").GetString());
        Assert.False(reply.TryGetProperty("refresh_token", out _));
        var verified = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/apps/verify_credentials", token), HttpStatusCode.OK);
        Assert.Equal("Test App", verified.GetProperty("name").GetString());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.UnprocessableEntity, "This method requires an authenticated user");
    }

    [Fact]
    public async Task The_token_endpoint_takes_json_and_multipart_bodies_and_basic_authentication()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();

        using var json = await client.Http.PostAsync("/oauth/token", ApiClient.Json(new
        {
            grant_type = "password", client_id = registered.ClientId, client_secret = registered.ClientSecret,
            username = "alice", password = WorldBuilder.Password, scope = "read",
        }));
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent("client_credentials"), "grant_type" },
            { new StringContent(registered.ClientId), "client_id" },
            { new StringContent(registered.ClientSecret), "client_secret" },
        };
        using var multipartResponse = await client.Http.PostAsync("/oauth/token", multipart);
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = ApiClient.Form(("grant_type", "client_credentials")) };
        basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{registered.ClientId}:{registered.ClientSecret}")));
        using var basicResponse = await client.Http.SendAsync(basic);

        Assert.Equal("read", (await ApiClient.ReadJsonAsync(json, HttpStatusCode.OK)).GetProperty("scope").GetString());
        Assert.True((await ApiClient.ReadJsonAsync(multipartResponse, HttpStatusCode.OK)).TryGetProperty("access_token", out _));
        Assert.True((await ApiClient.ReadJsonAsync(basicResponse, HttpStatusCode.OK)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_working_access_token_with_the_same_scopes()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();
        var first = await client.PasswordGrantAsync(registered, "alice", scope: "read write");

        using var response = await client.TokenAsync(registered, ("grant_type", "refresh_token"), ("refresh_token", first.GetProperty("refresh_token").GetString()));
        var refreshed = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("read write", refreshed.GetProperty("scope").GetString());
        var token = refreshed.GetProperty("access_token").GetString()!;
        Assert.NotEqual(first.GetProperty("access_token").GetString(), token);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_of_a_suspended_user_no_longer_works()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();
        var first = await client.PasswordGrantAsync(registered, "alice");

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));
        using var response = await client.TokenAsync(registered, ("grant_type", "refresh_token"), ("refresh_token", first.GetProperty("refresh_token").GetString()));

        Assert.Equal("invalid_grant", (await ApiClient.ReadJsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
    }

    public sealed class Sqlite() : PasswordAndClientGrantTests(TestDatabase.Sqlite);

    public sealed class Postgres() : PasswordAndClientGrantTests(TestDatabase.Postgres);
}
