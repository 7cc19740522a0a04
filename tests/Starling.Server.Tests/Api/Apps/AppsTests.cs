using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Apps;

public abstract class AppsTests(TestDatabase database) : IntegrationTest(database)
{
    private static readonly string[] CredentialApplicationFields =
        ["id", "name", "website", "scopes", "redirect_uri", "redirect_uris", "vapid_key", "client_id", "client_secret", "client_secret_expires_at"];

    [Fact]
    public async Task Registering_with_a_form_returns_the_credential_application_field_by_field()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.Http.PostAsync("/api/v1/apps", ApiClient.Form(
            ("client_name", "toot"), ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"), ("scopes", "read write follow push"), ("website", "https://toot.example")));
        var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(CredentialApplicationFields, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, json.GetProperty("id").ValueKind);
        Assert.Equal("toot", json.GetProperty("name").GetString());
        Assert.Equal("https://toot.example", json.GetProperty("website").GetString());
        Assert.Equal(["read", "write", "follow", "push"], json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("urn:ietf:wg:oauth:2.0:oob", json.GetProperty("redirect_uri").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("vapid_key").ValueKind);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", json.GetProperty("client_id").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", json.GetProperty("client_secret").GetString());
        Assert.Equal(0, json.GetProperty("client_secret_expires_at").GetInt64());
        var stored = await app.DbAsync(db => db.OAuthApplications.AsNoTracking().SingleAsync());
        Assert.NotEqual(json.GetProperty("client_secret").GetString(), stored.ClientSecret);
    }

    [Fact]
    public async Task Registering_with_json_takes_several_redirect_uris_and_defaults_scopes_to_read()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.Http.PostAsync("/api/v1/apps", ApiClient.Json(new
        {
            client_name = "Elk",
            redirect_uris = new[] { "https://elk.zone/callback", "https://elk.zone/register" },
        }));
        var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(["https://elk.zone/callback", "https://elk.zone/register"], json.GetProperty("redirect_uris").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("https://elk.zone/callback\nhttps://elk.zone/register", json.GetProperty("redirect_uri").GetString());
        Assert.Equal(["read"], json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("website").ValueKind);
    }

    [Theory]
    [InlineData("", "urn:ietf:wg:oauth:2.0:oob", "read", "Validation failed: Application name can't be blank")]
    [InlineData("App", "", "read", "Validation failed: Redirect URI can't be blank")]
    [InlineData("App", "not a uri", "read", "Validation failed: Redirect URI must be an absolute URI.")]
    [InlineData("App", "https://app.example/cb#fragment", "read", "Validation failed: Redirect URI must be an absolute URI.")]
    [InlineData("App", "urn:ietf:wg:oauth:2.0:oob", "read everything", "Validation failed: Scopes include an unknown scope: everything")]
    public async Task Invalid_registrations_are_422_and_store_nothing(string name, string redirect, string scopes, string error)
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.Http.PostAsync("/api/v1/apps", ApiClient.Form(("client_name", name), ("redirect_uris", redirect), ("scopes", scopes)));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, error);
        Assert.False(await app.DbAsync(db => db.OAuthApplications.AnyAsync()));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_the_error_shape()
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.Http.PostAsync("/api/v1/apps", new StringContent("{\"client_name\": ", System.Text.Encoding.UTF8, "application/json"));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "The request body is not valid JSON");
    }

    [Fact]
    public async Task Verify_credentials_shows_the_application_without_its_secret()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync(scopes: "read write");
        var token = (await client.PasswordGrantAsync(registered, "alice", scope: "write")).GetProperty("access_token").GetString();

        var json = await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/apps/verify_credentials", token), HttpStatusCode.OK);

        Assert.Equal(["id", "name", "website", "scopes", "redirect_uri", "redirect_uris", "vapid_key"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(registered.Id, json.GetProperty("id").GetString());
        Assert.Equal(["read", "write"], json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/apps/verify_credentials"), HttpStatusCode.Unauthorized, "The access token is invalid");
    }

    public sealed class Sqlite() : AppsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AppsTests(TestDatabase.Postgres);
}
