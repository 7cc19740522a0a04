using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(StarlingBrowserCollection.Name)]
public sealed class SignUpAndSignInTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task A_visitor_signs_up_and_lands_on_their_home_signed_in()
    {
        var visitor = await NewPageAsync();
        await visitor.GotoAsync("/");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Create account", Exact = true }).First).ToBeVisibleAsync();

        var alice = await SignUpAsync("alice");

        await alice.GoHomeAsync();
        await alice.ExpectSignedInAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Link, new() { Name = "Create account", Exact = true })).ToHaveCountAsync(0);
        foreach (var place in new[] { "Home", "Local", "Notifications", "Bookmarks", "Favourites", "Profile", "Settings" })
        {
            await Expect(alice.MainNavigation.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{place}") }).First).ToBeVisibleAsync();
        }
        await Expect(alice.Page.GetByRole(AriaRole.Banner)).ToBeVisibleAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task An_open_server_asks_no_reason_and_the_owner_can_edit_their_profile()
    {
        var visitor = await NewPageAsync();
        await visitor.GotoAsync("/auth/sign_up");
        await Expect(visitor.GetByLabel("Username", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(visitor.GetByLabel("Why do you want to join?")).ToHaveCountAsync(0);

        var alice = await SignUpAsync("alice");
        await alice.SetDisplayNameAsync("Alice Liddell", "Down the rabbit hole.");
        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Alice Liddell");
        await Expect(alice.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Down the rabbit hole.");
        await alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Edit profile", Exact = true })
            .Or(alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Edit profile", Exact = true })).ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex("/settings/profile$"));

        var bob = await SignUpAsync("bob");
        await bob.OpenProfileAsync(alice);
        await Expect(bob.Page.GetByRole(AriaRole.Main).GetByText("Edit profile", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(bob.ProfileButton("Follow")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_signs_out_and_signs_back_in_with_username_or_email()
    {
        var bob = await SignUpAsync("bob");

        await bob.SignOutAsync();
        await bob.Page.GotoAsync("/");
        await Expect(bob.MainNavigation.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First).ToBeVisibleAsync();

        await bob.SignInAsync();
        await bob.SignOutAsync();
        await bob.SignInAsync(login: $"{bob.Username}@example.com");
    }

    [Fact]
    public async Task A_wrong_password_shows_a_readable_error_and_keeps_the_visitor_signed_out()
    {
        var carol = await SignUpAsync("carol");
        await carol.SignOutAsync();
        Problems.Allow(422);

        await carol.Page.GotoAsync("/auth/sign_in");
        await carol.Page.GetByLabel("Username or email", new() { Exact = true }).FillAsync(carol.Username);
        await carol.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password at all");
        await carol.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(carol.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await Expect(carol.MainNavigation.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_operator_creates_a_user_with_the_cli_who_can_then_sign_in()
    {
        var dave = await CreateWithCliAndSignInAsync("dave");

        await dave.GoHomeAsync();
        await dave.ExpectSignedInAsync();
    }
}
