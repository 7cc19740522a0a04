using System.Net;

namespace Starling.Server.Tests.Web;

/// <summary>Signing up in each registration mode, signing in and out, through the pages as a browser without JavaScript.</summary>
public abstract class AuthPagesTests(TestDatabase database) : IntegrationTest(database)
{
    private static (string, string)[] SignUpFields(string username) =>
        [("Username", username), ("Email", $"{username}@example.com"), ("Password", "a long enough password")];

    [Fact]
    public async Task In_open_mode_signing_up_signs_in_at_once()
    {
        var app = await StartAsync();
        using var web = new WebSession(app);

        var form = await web.GetAsync("/auth/sign_up");
        Assert.Contains("<label for=\"username\">Username</label>", form.Html);
        Assert.Contains("<label for=\"email\">Email</label>", form.Html);
        Assert.Contains("<label for=\"password\">Password</label>", form.Html);
        Assert.DoesNotContain("Why do you want to join?", form.Html);
        var result = await web.PostWithTokenAsync("/auth/sign_up", form.AntiforgeryToken, SignUpFields("newbie"));

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("/", result.Location);
        var home = await web.FollowAsync(result);
        Assert.Contains("<nav aria-label=\"Main\">", home.Html);
        Assert.Contains(">Sign out<", home.Html);
        Assert.Contains("Your home timeline is empty", home.Html);
        Assert.Equal(1, await app.DbAsync(db => db.Users.CountAsync(u => u.Account.Username == "newbie" && u.Approved)));
    }

    [Fact]
    public async Task In_approval_mode_the_new_account_waits_and_cannot_sign_in_yet()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "approval" } });
        using var web = new WebSession(app);

        var form = await web.GetAsync("/auth/sign_up");
        Assert.Contains("Why do you want to join?", form.Html);
        var result = await web.PostWithTokenAsync("/auth/sign_up", form.AntiforgeryToken, [.. SignUpFields("hopeful"), ("Reason", "I watch birds")]);

        Assert.Equal("/auth/pending", result.Location);
        Assert.Contains("waiting for approval", (await web.FollowAsync(result)).Html);
        var signIn = await web.PostAsync("/auth/sign_in", "/auth/sign_in", ("Login", "hopeful"), ("Password", "a long enough password"));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.Status);
        Assert.Equal("This account is waiting for a moderator's approval.", signIn.Alert);
        Assert.Equal("I watch birds", await app.DbAsync(db => db.Users.Select(u => u.SignUpReason).SingleAsync()));
    }

    [Fact]
    public async Task In_closed_mode_the_page_says_so_and_a_sign_up_is_refused()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Registrations"] = "closed" } });
        using var web = new WebSession(app);

        var page = await web.GetAsync("/auth/sign_up");
        Assert.Contains("Sign-ups are closed", page.Html);
        Assert.DoesNotContain(">Create account</button>", page.Html);
        var token = (await web.GetAsync("/auth/sign_in")).AntiforgeryToken;
        var result = await web.PostWithTokenAsync("/auth/sign_up", token, SignUpFields("latecomer"));

        Assert.Equal(HttpStatusCode.Forbidden, result.Status);
        Assert.Equal("Registrations are closed on this server.", result.Alert);
        Assert.Equal(0, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_taken_username_is_refused_beside_the_form_with_the_input_kept()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var web = new WebSession(app);

        var result = await web.PostAsync("/auth/sign_up", "/auth/sign_up", SignUpFields("alice"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal("That username is already taken.", result.Alert);
        Assert.Contains("value=\"alice@example.com\"", result.Html);
        Assert.Matches("<input id=\"username\"[^>]*aria-invalid=\"true\"", result.Html);
        Assert.Equal(1, await app.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_no_session_starts()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var web = new WebSession(app);

        var result = await web.PostAsync("/auth/sign_in", "/auth/sign_in", ("Login", "alice"), ("Password", "not the password"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal("That username or email and password do not match.", result.Alert);
        Assert.Equal(HttpStatusCode.Redirect, (await web.GetAsync("/notifications")).Status);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for_and_signing_out_ends_the_session()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var web = new WebSession(app);

        var bounce = await web.GetAsync("/bookmarks");
        Assert.StartsWith("/auth/sign_in?ReturnUrl=%2Fbookmarks", new Uri(new Uri("http://localhost"), bounce.Location).PathAndQuery);
        var signIn = await web.PostAsync("/auth/sign_in?ReturnUrl=%2Fbookmarks", "/auth/sign_in",
            ("Login", "alice@example.com"), ("Password", WorldBuilder.Password), ("ReturnUrl", "/bookmarks"));
        Assert.Equal("/bookmarks", signIn.Location);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/bookmarks")).Status);

        var signOut = await web.PostAsync("/", "/auth/sign_out");
        Assert.Equal("/", signOut.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await web.GetAsync("/bookmarks")).Status);
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_ignored()
    {
        var app = await StartAsync();
        await app.World().Users("alice").BuildAsync();
        using var web = new WebSession(app);

        var signIn = await web.PostAsync("/auth/sign_in", "/auth/sign_in",
            ("Login", "alice"), ("Password", WorldBuilder.Password), ("ReturnUrl", "https://evil.example/"));

        Assert.Equal("/", signIn.Location);
    }

    public sealed class Sqlite() : AuthPagesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AuthPagesTests(TestDatabase.Postgres);
}
