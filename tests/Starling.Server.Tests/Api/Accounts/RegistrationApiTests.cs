using System.Net;
using System.Text.Json;
using Starling.Server.Features.Accounts;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary><c>POST /api/v1/accounts</c>: sign-up by an app with its client_credentials token, in each registration mode.</summary>
public abstract class RegistrationApiTests(TestDatabase database) : IntegrationTest(database)
{
    private Task<TestInstance> StartInModeAsync(string mode) =>
        StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = mode } });

    private static async Task<string> AppTokenAsync(ApiClient client, string scopes = "read write follow")
    {
        var registered = await client.RegisterAsync(scopes);
        using var response = await client.TokenAsync(registered, ("grant_type", "client_credentials"), ("scope", scopes));
        return (await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    private static HttpContent SignUp(string username, string email = "", string password = "long enough password", string agreement = "true", string? reason = null) =>
        ApiClient.Form(("username", username), ("email", email.Length > 0 ? email : $"{username}@example.com"), ("password", password),
            ("agreement", agreement), ("locale", "en"), ("reason", reason));

    [Fact]
    public async Task Open_sign_up_returns_a_token_that_works_at_once_with_the_apps_scopes()
    {
        var app = await StartInModeAsync("open");
        using var client = new ApiClient(app);
        var appToken = await AppTokenAsync(client);

        var token = await client.PostJsonAsync("/api/v1/accounts", appToken, SignUp("newcomer"));

        Assert.Equal(["access_token", "token_type", "scope", "created_at"], token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Bearer", "read write follow"), (token.GetProperty("token_type").GetString(), token.GetProperty("scope").GetString()));
        Assert.Equal(JsonValueKind.Number, token.GetProperty("created_at").ValueKind);
        var me = await client.GetJsonAsync("/api/v1/accounts/verify_credentials", token.GetProperty("access_token").GetString());
        Assert.Equal("newcomer", me.GetProperty("username").GetString());
        var user = await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync());
        Assert.True(user.Approved);
        Assert.Equal("newcomer@example.com", user.Email);
    }

    [Fact]
    public async Task Approval_mode_keeps_the_reason_and_the_token_waits_for_a_moderator()
    {
        var app = await StartInModeAsync("approval");
        using var client = new ApiClient(app);
        var appToken = await AppTokenAsync(client);

        var token = (await client.PostJsonAsync("/api/v1/accounts", appToken, SignUp("hopeful", reason: "I like birds"))).GetProperty("access_token").GetString();

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/verify_credentials", token), HttpStatusCode.Forbidden, "Your login is currently pending approval");
        var user = await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync());
        Assert.Equal((false, "I like birds"), (user.Approved, user.SignUpReason));

        await app.UseAsync<AdministerAccount>(a => a.ApproveAsync("hopeful"));
        Assert.Equal("hopeful", (await client.GetJsonAsync("/api/v1/accounts/verify_credentials", token)).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Closed_registrations_refuse_with_403_and_create_nothing()
    {
        var app = await StartInModeAsync("closed");
        using var client = new ApiClient(app);
        var appToken = await AppTokenAsync(client);

        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/accounts", appToken, SignUp("newcomer"));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync()));
    }

    [Fact]
    public async Task Every_problem_comes_back_in_details_by_field()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var appToken = await AppTokenAsync(client);

        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/accounts", appToken, SignUp("alice", "not an email", "short", agreement: "false"));

        var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.UnprocessableEntity);
        GoldenJson.AssertMatches(json.GetRawText(), "RegistrationRefused.json");
        using var blank = await client.SendAsync(HttpMethod.Post, "/api/v1/accounts", appToken, ApiClient.Json(new { agreement = true }));
        var blankJson = await ApiClient.ReadJsonAsync(blank, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["username", "email", "password"], blankJson.GetProperty("details").EnumerateObject().Select(p => p.Name));
        Assert.All(blankJson.GetProperty("details").EnumerateObject(), p => Assert.Equal("ERR_BLANK", p.Value[0].GetProperty("error").GetString()));
        Assert.Equal(5, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Sign_up_needs_a_token_with_write_accounts()
    {
        var app = await StartInModeAsync("open");
        using var client = new ApiClient(app);
        var readOnly = await AppTokenAsync(client, "read");

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/accounts", null, SignUp("newcomer")), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/accounts", readOnly, SignUp("newcomer")), HttpStatusCode.Forbidden);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync()));
    }

    public sealed class Sqlite() : RegistrationApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RegistrationApiTests(TestDatabase.Postgres);
}
