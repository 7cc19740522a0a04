using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(ApprovalModeCollection.Name)]
public sealed class ApprovalModeTests(ApprovalModeFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task A_sign_up_says_why_waits_for_a_moderator_and_signs_in_once_approved()
    {
        var page = await NewPageAsync();
        var username = UniqueUsername("erin");
        await page.GotoAsync("/auth/sign_up");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync($"{username}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Why do you want to join?", new() { Exact = true }).FillAsync("I count starlings for the local bird club.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("approval");
        var erin = new Person(username, page);
        await Expect(erin.MainNavigation.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToHaveCountAsync(0);

        // Signing in before approval explains why it cannot happen yet.
        Problems.Allow(403);
        await page.GotoAsync("/auth/sign_in");
        await page.GetByLabel("Username or email", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new Regex("approv", RegexOptions.IgnoreCase));

        await Fixture.Server.RunCliAsync("user", "approve", "--username", username);

        await erin.SignInAsync();
    }
}
