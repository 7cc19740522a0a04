using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

/// <summary>Every page passes the basic accessibility checks, signed out, signed in and as an administrator.</summary>
[Collection(StarlingBrowserCollection.Name)]
public sealed class AccessibilityTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    /// <summary>People and posts the pages show: created once, read by every case.</summary>
    private sealed record World(string Alice, string Bob, string PostId, string ReplyId, string Admin);

    [Theory]
    [InlineData("/")]
    [InlineData("/public/local")]
    [InlineData("/auth/sign_in")]
    [InlineData("/auth/sign_up")]
    [InlineData("/@{alice}")]
    [InlineData("/@{alice}/with_replies")]
    [InlineData("/@{alice}/followers")]
    [InlineData("/@{alice}/following")]
    [InlineData("/@{alice}/{post}")]
    [InlineData("/tags/starlings")]
    public async Task Signed_out_pages_pass_the_basic_accessibility_checks(string route)
    {
        var world = await WorldAsync();
        var page = await NewPageAsync();

        await OpenAsync(page, Fill(route, world));

        await ExpectAccessibleAsync(page);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/public/local")]
    [InlineData("/notifications")]
    [InlineData("/bookmarks")]
    [InlineData("/favourites")]
    [InlineData("/follow_requests")]
    [InlineData("/settings/profile")]
    [InlineData("/@{alice}")]
    [InlineData("/@{bob}")]
    [InlineData("/@{alice}/{post}")]
    [InlineData("/@{bob}/{reply}")]
    [InlineData("/@{alice}/{post}/edit")]
    [InlineData("/@{alice}/{post}/history")]
    public async Task Signed_in_pages_pass_the_basic_accessibility_checks(string route)
    {
        var world = await WorldAsync();
        var alice = new Person(world.Alice, await NewPageAsync());
        await alice.SignInAsync();

        await OpenAsync(alice.Page, Fill(route, world));

        await ExpectAccessibleAsync(alice.Page);
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/reports")]
    [InlineData("/admin/federation")]
    public async Task The_admin_pages_pass_the_basic_accessibility_checks(string path)
    {
        var world = await WorldAsync();
        var admin = new Person(world.Admin, await NewPageAsync());
        await admin.SignInAsync();

        await OpenAsync(admin.Page, path);

        await ExpectAccessibleAsync(admin.Page);
    }

    [Theory]
    [InlineData("/no/such/page", 404)]
    [InlineData("/@nobody_by_this_name", 404)]
    [InlineData("/error/403", 403)]
    [InlineData("/error/400", 400)]
    [InlineData("/error/422", 422)]
    [InlineData("/error/500", 500)]
    public async Task Error_pages_are_readable_and_pass_the_basic_accessibility_checks(string route, int status)
    {
        Problems.Allow(status);
        var page = await NewPageAsync();

        var response = await page.GotoAsync(route);

        Assert.Equal(status, response?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await ExpectAccessibleAsync(page);
    }

    [Fact]
    public async Task A_signed_out_visitor_asking_for_a_members_page_is_sent_to_sign_in()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/notifications");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/auth/sign_in"));
        await Expect(page.GetByLabel("Username or email", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_checks_themselves_catch_a_page_that_breaks_every_rule()
    {
        var page = await NewPageAsync();
        await page.SetContentAsync("""
            <html><head><style>*:focus { outline: none; }</style></head><body>
            <h1>One</h1><h1>Two</h1>
            <input name="q"><select name="s"><option>x</option></select><textarea name="t"></textarea>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            <a href="/somewhere">Somewhere</a><button></button>
            <p id="twice"></p><p id="twice"></p>
            </body></html>
            """);

        var problems = string.Join("\n", await AccessibilityChecks.ProblemsAsync(page));

        Assert.Contains("exactly one h1, found 2", problems);
        Assert.Contains("no lang attribute", problems);
        Assert.Contains("no title", problems);
        Assert.Contains("no <header> landmark", problems);
        Assert.Contains("no <nav> landmark", problems);
        Assert.Contains("no <main> landmark", problems);
        Assert.Contains("field without a label: <input", problems);
        Assert.Contains("field without a label: <select", problems);
        Assert.Contains("field without a label: <textarea", problems);
        Assert.Contains("image without alt", problems);
        Assert.Contains("button without a name", problems);
        Assert.Contains("\"twice\" is used 2 times", problems);
        Assert.Contains("no visible focus indicator", problems);
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Status: 200 }, $"GET {path} answered {response?.Status}.");
    }

    private static async Task ExpectAccessibleAsync(IPage page)
    {
        var problems = await AccessibilityChecks.ProblemsAsync(page);
        Assert.True(problems.Count == 0, $"{page.Url} has accessibility problems:\n{string.Join("\n", problems)}");
    }

    private static string Fill(string route, World world) => route
        .Replace("{alice}", world.Alice, StringComparison.Ordinal)
        .Replace("{bob}", world.Bob, StringComparison.Ordinal)
        .Replace("{post}", world.PostId, StringComparison.Ordinal)
        .Replace("{reply}", world.ReplyId, StringComparison.Ordinal);

    private Task<World> WorldAsync() => Fixture.SharedAsync("accessibility-world", async () =>
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        await alice.SetDisplayNameAsync("Alice Example", "Watches #starlings at dusk.");
        await alice.RequireFollowRequestsAsync();
        var postId = await alice.PostAsync("Murmurations tonight over the marsh #starlings", contentWarning: "Birds");
        await alice.PostAsync("A second post, with a link https://example.com/starlings");
        await bob.FollowAsync(alice, expectedAfter: "Cancel request");
        var replyId = await bob.ReplyAsync(alice.Username, postId, $"@{alice.Username} I saw them too!");
        await bob.Page.GotoAsync($"/@{alice.Username}/{postId}");
        await bob.ActionButton(bob.Status(postId), "Favourite").ClickAsync();
        await Expect(bob.ActionButton(bob.Status(postId), "Unfavourite")).ToBeVisibleAsync();
        var admin = UniqueUsername("root");
        await Fixture.Server.RunCliAsync("user", "create", "--username", admin, "--email", $"{admin}@example.com", "--password", Password, "--admin");
        return new World(alice.Username, bob.Username, postId, replyId, admin);
    });
}
