using System.Net;
using Starling.Server.Api.OAuth;

namespace Starling.Server.Tests.Api.Infrastructure;

public sealed class OAuthScopesTests
{
    [Theory]
    [InlineData("read", "read:statuses", true)]
    [InlineData("read:statuses", "read:statuses", true)]
    [InlineData("read:accounts", "read:statuses", false)]
    [InlineData("write", "read:statuses", false)]
    [InlineData("write", "write:media", true)]
    [InlineData("follow", "read:follows", true)]
    [InlineData("follow", "write:blocks", true)]
    [InlineData("follow", "write:mutes", true)]
    [InlineData("follow", "read:statuses", false)]
    [InlineData("admin:read", "admin:read:accounts", true)]
    [InlineData("admin:read", "admin:write:accounts", false)]
    [InlineData("read", "admin:read:accounts", false)]
    [InlineData("profile", "read:accounts", false)]
    public void A_parent_scope_covers_its_children_and_follow_covers_relationships(string granted, string required, bool satisfied) =>
        Assert.Equal(satisfied, OAuthScopes.Satisfies(OAuthScopes.Parse(granted).ToHashSet(), required));

    [Fact]
    public void Scopes_split_on_spaces_or_pluses_and_every_granular_scope_is_known()
    {
        Assert.Equal(["read", "write", "follow"], OAuthScopes.Parse(" read+write  follow read"));
        Assert.Contains("write:media", OAuthScopes.All);
        Assert.Contains("admin:write:canonical_email_blocks", OAuthScopes.All);
        Assert.False(OAuthScopes.IsKnown("write:"));
        Assert.Equal(["read", .. OAuthScopes.Granular.Where(s => s.StartsWith("read:", StringComparison.Ordinal))], OAuthScopes.Requestable(["read"]));
    }
}

/// <summary>Every endpoint checks its scope: 401 without a valid token, 403 with the wrong scope, 422 for an app token where a user is needed.</summary>
public abstract class ScopeEnforcementTests(TestDatabase database) : IntegrationTest(database)
{
    [Theory]
    [InlineData("read", HttpStatusCode.OK)]
    [InlineData("read:accounts", HttpStatusCode.OK)]
    [InlineData("read:statuses", HttpStatusCode.Forbidden)]
    [InlineData("write follow push", HttpStatusCode.Forbidden)]
    public async Task An_endpoint_answers_according_to_the_scopes_of_the_token(string scopes, HttpStatusCode expected)
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice", scopes);

        using var response = await client.GetAsync("/api/v1/preferences", token);

        if (expected == HttpStatusCode.OK)
        {
            await ApiClient.ReadJsonAsync(response, expected);
        }
        else
        {
            await ApiClient.AssertErrorAsync(response, expected, "This action is outside the authorized scopes");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("")]
    public async Task A_missing_or_unknown_token_is_401_with_mastodons_error(string? token)
    {
        var app = await StartAsync();
        using var client = new ApiClient(app);

        using var response = await client.GetAsync("/api/v1/preferences", token);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "The access token is invalid");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_token_may_also_come_as_an_access_token_query_parameter()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice", "read");

        using var response = await client.GetAsync("/api/v1/preferences?access_token=" + token);

        await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_ignores_the_web_session_cookie()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await Starling.Server.Tests.Web.WebPage.ReadAsync(await http.GetAsync("/auth/sign_in"));
        await http.PostAsync("/auth/sign_in", ApiClient.Form(("Login", "alice"), ("Password", WorldBuilder.Password), ("__RequestVerificationToken", form.AntiforgeryToken)));

        using var response = await http.GetAsync("/api/v1/preferences");
        using var page = await http.GetAsync("/settings/profile");

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    public sealed class Sqlite() : ScopeEnforcementTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ScopeEnforcementTests(TestDatabase.Postgres);
}
