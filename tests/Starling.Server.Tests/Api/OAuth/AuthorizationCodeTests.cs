using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Starling.Server.Tests.Web;

namespace Starling.Server.Tests.Api.OAuth;

/// <summary>
/// The browser flow through the real pages: /oauth/authorize sends the person to the web UI's sign-in, back to a consent
/// page, then to the app with a code (or to the out-of-band page that shows it), which the app exchanges for a token.
/// </summary>
public abstract class AuthorizationCodeTests(TestDatabase database) : IntegrationTest(database)
{
    private const string Callback = "https://app.example/callback";

    private static string AuthorizePath(RegisteredApp registered, string redirectUri, string scope = "read write", string? challenge = null) =>
        QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = registered.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = "xyz",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = challenge is null ? null : "S256",
        }.Where(p => p.Value is not null));

    /// <summary>Opens the authorize URL signed out, signs in through the page it sends to, and lands on the consent page.</summary>
    private static async Task<WebPage> SignInAndConsentPageAsync(WebSession browser, string authorizePath, string login = "alice")
    {
        var toSignIn = await browser.GetAsync(authorizePath);
        Assert.True(toSignIn.IsRedirect, $"Expected a redirect to sign in, got {(int)toSignIn.Status}: {toSignIn.Html}");
        Assert.StartsWith("/auth/sign_in", new Uri(new Uri("http://localhost"), toSignIn.Location!).PathAndQuery);
        var signInPage = new Uri(new Uri("http://localhost"), toSignIn.Location!).PathAndQuery;
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), signInPage).Query)["ReturnUrl"].ToString();
        var signedIn = await browser.PostAsync(signInPage, "/auth/sign_in", ("Login", login), ("Password", WorldBuilder.Password), ("ReturnUrl", returnUrl));
        Assert.Equal(authorizePath, signedIn.Location);
        return await browser.FollowAsync(signedIn);
    }

    private static Task<WebPage> DecideAsync(WebSession browser, WebPage consent, RegisteredApp registered, string redirectUri, string decision, string scope = "read write", string? challenge = null)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), AuthorizePath(registered, redirectUri, scope, challenge)).Query);
        var fields = query.Select(p => (p.Key, p.Value.ToString())).Append(("decision", decision)).ToArray();
        return browser.PostWithTokenAsync("/oauth/authorize", consent.AntiforgeryToken, fields);
    }

    private static string CodeFrom(string location)
    {
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal("xyz", query["state"].ToString());
        return query["code"].ToString();
    }

    [Fact]
    public async Task Approving_on_the_consent_page_redirects_with_a_code_that_buys_a_token()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback, name: "Phanpy");

        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, Callback));
        Assert.Equal(HttpStatusCode.OK, consent.Status);
        Assert.Contains("Authorize Phanpy?", consent.Html);
        Assert.Contains("<strong>write</strong>", consent.Html);
        var approved = await DecideAsync(browser, consent, registered, Callback, "approve");

        Assert.True(approved.IsRedirect, $"{(int)approved.Status}: {approved.Html}");
        Assert.StartsWith(Callback + "?", approved.Location);
        using var exchange = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", CodeFrom(approved.Location!)), ("redirect_uri", Callback));
        var reply = await ApiClient.ReadJsonAsync(exchange, HttpStatusCode.OK);
        Assert.Equal("read write", reply.GetProperty("scope").GetString());
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", reply.GetProperty("access_token").GetString()), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_works_once_and_only_with_its_redirect_uri()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback + " " + ApiClient.Oob);
        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, Callback));
        var code = CodeFrom((await DecideAsync(browser, consent, registered, Callback, "approve")).Location!);

        using var wrongRedirect = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", ApiClient.Oob));
        using var used = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback));
        var token = (await ApiClient.ReadJsonAsync(used, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        await ApiClient.ReadJsonAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.OK);
        using var reused = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback));

        Assert.Equal("invalid_grant", (await ApiClient.ReadJsonAsync(wrongRedirect, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.Equal("invalid_grant", (await ApiClient.ReadJsonAsync(reused, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        // Replaying a code is an attack signal: OpenIddict revokes what the code bought.
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/preferences", token), HttpStatusCode.Unauthorized, "The access token is invalid");
    }

    [Fact]
    public async Task With_pkce_the_code_needs_the_matching_verifier()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback);
        const string verifier = "a-long-random-code-verifier-of-at-least-forty-three-characters-0123";
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, Callback, challenge: challenge));
        var firstCode = CodeFrom((await DecideAsync(browser, consent, registered, Callback, "approve", challenge: challenge)).Location!);
        using var wrong = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", firstCode), ("redirect_uri", Callback), ("code_verifier", verifier + "x"));
        // Already approved for these scopes: the app gets a new code straight away, without the consent page.
        var again = await browser.GetAsync(AuthorizePath(registered, Callback, challenge: challenge));
        using var right = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", CodeFrom(again.Location!)), ("redirect_uri", Callback), ("code_verifier", verifier));

        Assert.Equal("invalid_grant", (await ApiClient.ReadJsonAsync(wrong, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.True((await ApiClient.ReadJsonAsync(right, HttpStatusCode.OK)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Denying_sends_the_app_access_denied_and_issues_nothing()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback);

        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, Callback));
        var denied = await DecideAsync(browser, consent, registered, Callback, "deny");

        Assert.True(denied.IsRedirect);
        var query = QueryHelpers.ParseQuery(new Uri(denied.Location!).Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.False(query.ContainsKey("code"));
        Assert.False(await app.DbAsync(db => db.OAuthTokens.AnyAsync()));
    }

    [Fact]
    public async Task The_out_of_band_redirect_shows_the_code_on_a_page()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: ApiClient.Oob, name: "toot");

        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, ApiClient.Oob));
        var approved = await DecideAsync(browser, consent, registered, ApiClient.Oob, "approve");
        Assert.StartsWith("/oauth/authorize/native?code=", approved.Location);
        var shown = await browser.FollowAsync(approved);
        var code = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), approved.Location!).Query)["code"].ToString();

        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Contains($"value=\"{code}\"", shown.Html);
        using var exchange = await client.TokenAsync(registered, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", ApiClient.Oob));
        Assert.True((await ApiClient.ReadJsonAsync(exchange, HttpStatusCode.OK)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Denying_an_out_of_band_request_says_so_on_the_page()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: ApiClient.Oob);

        var consent = await SignInAndConsentPageAsync(browser, AuthorizePath(registered, ApiClient.Oob));
        var denied = await browser.FollowAsync(await DecideAsync(browser, consent, registered, ApiClient.Oob, "deny"));

        Assert.Contains("Authorization denied", denied.Html);
    }

    [Fact]
    public async Task An_unknown_client_or_unregistered_redirect_is_explained_on_the_page_not_redirected()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback);

        var unknownClient = await browser.GetAsync(AuthorizePath(registered with { ClientId = "nope" }, Callback));
        var otherRedirect = await browser.GetAsync(AuthorizePath(registered, "https://evil.example/steal"));

        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.Status);
        Assert.Contains("cannot be used", unknownClient.Html);
        Assert.Equal(HttpStatusCode.BadRequest, otherRedirect.Status);
        Assert.Null(otherRedirect.Location);
    }

    [Fact]
    public async Task The_consent_page_needs_its_antiforgery_token_and_lets_its_form_answer_reach_the_app()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback);
        await SignInAndConsentPageAsync(browser, AuthorizePath(registered, Callback));

        var forged = await browser.PostWithTokenAsync("/oauth/authorize", null,
            [("response_type", "code"), ("client_id", registered.ClientId), ("redirect_uri", Callback), ("scope", "read write"), ("decision", "approve")]);
        using var cookies = await SignedInClientAsync(app, "alice");
        using var consent = await cookies.GetAsync(AuthorizePath(registered, Callback));

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.False(await app.DbAsync(db => db.OAuthTokens.AnyAsync()));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        // Browsers check form-action against the redirect that answers the form, so the app's origin must be allowed.
        Assert.Contains("form-action 'self' https://app.example;", consent.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static async Task<HttpClient> SignedInClientAsync(TestInstance app, string login)
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await WebPage.ReadAsync(await http.GetAsync("/auth/sign_in"));
        using var signedIn = await http.PostAsync("/auth/sign_in", ApiClient.Form(("Login", login), ("Password", WorldBuilder.Password), ("__RequestVerificationToken", form.AntiforgeryToken)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return http;
    }

    [Fact]
    public async Task Force_login_signs_the_current_session_out_first()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var client = new ApiClient(app);
        using var browser = new WebSession(app);
        var registered = await client.RegisterAsync(redirectUris: Callback);
        await browser.SignInAsync("alice");

        var forced = await browser.GetAsync(AuthorizePath(registered, Callback) + "&force_login=true");
        var home = await browser.GetAsync("/notifications");

        Assert.StartsWith("/auth/sign_in", new Uri(new Uri("http://localhost"), forced.Location!).PathAndQuery);
        Assert.DoesNotContain("force_login", Uri.UnescapeDataString(forced.Location!));
        Assert.True(home.IsRedirect, "The session should have ended.");
    }

    public sealed class Sqlite() : AuthorizationCodeTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AuthorizationCodeTests(TestDatabase.Postgres);
}
