using System.Net;
using Starling.Server.Api.OAuth;
using Starling.Server.Features.Accounts;
using Starling.Server.Tests.Web;

namespace Starling.Server.Tests.Api.OAuth;

/// <summary>A token stops working the moment it is revoked, however it is revoked, even right after it was used (and remembered).</summary>
public abstract class TokenLifecycleTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Revoking_through_oauth_revoke_answers_an_empty_object_and_the_token_is_refused_at_once()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync();
        var token = (await client.PasswordGrantAsync(registered, "alice")).GetProperty("access_token").GetString()!;
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);

        using var revoked = await client.Http.PostAsync("/oauth/revoke", ApiClient.Form(("client_id", registered.ClientId), ("client_secret", registered.ClientSecret), ("token", token)));
        using var again = await client.Http.PostAsync("/oauth/revoke", ApiClient.Json(new { client_id = registered.ClientId, client_secret = registered.ClientSecret, token }));

        Assert.Equal("{}", (await ApiClient.ReadJsonAsync(revoked, HttpStatusCode.OK)).GetRawText());
        Assert.Equal("{}", (await ApiClient.ReadJsonAsync(again, HttpStatusCode.OK)).GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.Unauthorized, "The access token is invalid");
    }

    [Fact]
    public async Task Only_the_app_that_holds_a_token_may_revoke_it()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var owner = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var token = (await client.PasswordGrantAsync(owner, "alice")).GetProperty("access_token").GetString()!;

        using var refused = await client.Http.PostAsync("/oauth/revoke", ApiClient.Form(("client_id", other.ClientId), ("client_secret", other.ClientSecret), ("token", token)));

        var json = await ApiClient.ReadJsonAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("unauthorized_client", json.GetProperty("error").GetString());
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Suspending_the_user_ends_every_token_at_once()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.Unauthorized, "The access token is invalid");
        Assert.All(await app.DbAsync(db => db.OAuthTokens.AsNoTracking().ToListAsync()), t => Assert.Equal("revoked", t.Status));
    }

    [Fact]
    public async Task Deleting_the_user_deletes_their_tokens_and_approvals()
    {
        var app = await StartAsync();
        await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var aliceToken = await client.UserTokenAsync("alice");
        var bobToken = await client.UserTokenAsync("bob");
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", aliceToken), HttpStatusCode.OK);

        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice"));

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", aliceToken), HttpStatusCode.Unauthorized);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", bobToken), HttpStatusCode.OK);
        Assert.Equal(1, await app.DbAsync(db => db.OAuthAuthorizations.CountAsync()));
    }

    [Fact]
    public async Task The_settings_page_lists_authorized_apps_with_their_scopes_and_revokes_one()
    {
        var app = await StartAsync();
        await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var tusky = await client.RegisterAsync(name: "Tusky");
        var elk = await client.RegisterAsync(name: "Elk");
        var tuskyToken = (await client.PasswordGrantAsync(tusky, "alice", scope: "read write")).GetProperty("access_token").GetString()!;
        var elkToken = (await client.PasswordGrantAsync(elk, "alice", scope: "read")).GetProperty("access_token").GetString()!;
        await client.PasswordGrantAsync(elk, "bob", scope: "read");
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", tuskyToken), HttpStatusCode.OK);
        using var browser = new WebSession(app);
        await browser.SignInAsync("alice");

        var page = await browser.GetAsync("/settings/applications");
        var tuskyId = await app.DbAsync(db => db.OAuthApplications.Where(a => a.DisplayName == "Tusky").Select(a => a.Id).SingleAsync());
        var revoked = await browser.PostWithTokenAsync("/settings/applications?handler=Revoke", page.AntiforgeryToken, [("ApplicationId", tuskyId.ToString())]);
        var after = await browser.FollowAsync(revoked);
        var profile = await browser.GetAsync("/settings/profile");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Tusky", page.Html);
        Assert.Contains("May: read, write", page.Html);
        Assert.Contains("Elk", page.Html);
        Assert.Equal("Tusky can no longer use your account.", after.Notice);
        Assert.DoesNotContain(">Tusky</a>", after.Html);
        Assert.Contains(">Tusky</a>", page.Html);
        Assert.Contains("Elk", after.Html);
        Assert.Contains("href=\"/settings/applications\"", profile.Html);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", tuskyToken), HttpStatusCode.Unauthorized);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", elkToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_revoke_button_needs_the_antiforgery_token()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        using var browser = new WebSession(app);
        await browser.SignInAsync("alice");
        var appId = await app.DbAsync(db => db.OAuthApplications.Select(a => a.Id).SingleAsync());

        var forged = await browser.PostWithTokenAsync("/settings/applications?handler=Revoke", null, [("ApplicationId", appId.ToString())]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_cli_token_is_listed_as_the_starling_cli_app()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        var token = await app.UseAsync<CliTokens, string>(t => t.IssueAsync("alice", "read write:statuses"));
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        await browser.SignInAsync("alice");

        var page = await browser.GetAsync("/settings/applications");

        Assert.Contains(CliTokens.ApplicationName, page.Html);
        Assert.Contains("May: read, write:statuses", page.Html);
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("")]
    [InlineData("read everything")]
    [InlineData("write:")]
    [InlineData("bogus:statuses")]
    public async Task The_cli_refuses_unknown_or_missing_scopes(string scopes)
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => app.UseAsync<CliTokens, string>(t => t.IssueAsync("alice", scopes)));

        Assert.Equal("scopes", error.Field);
        Assert.False(await app.DbAsync(db => db.OAuthTokens.AnyAsync()));
    }

    public sealed class Sqlite() : TokenLifecycleTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TokenLifecycleTests(TestDatabase.Postgres);
}
