using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

/// <summary>
/// Takes the README's screenshots of a small, lively server. They are written to the test output folder on every run;
/// with STARLING_UPDATE_SCREENSHOTS=1 they replace docs/screenshots/*.png (see docs/screenshots/README.md).
/// </summary>
[Collection(ScreenshotCollection.Name)]
public sealed class ScreenshotTests(ScreenshotFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output), IDisposable
{
    private readonly MediaSamples _samples = new();

    private static readonly System.Text.RegularExpressions.Regex FlockPicture = new("^A dark ribbon of thousands of starlings");

    public void Dispose() => _samples.Dispose();

    [Fact]
    public async Task Screenshots_of_home_profile_and_dark_home_are_taken()
    {
        var ada = await SignUpNamedAsync("ada", "Ada", "Counts birds and bits. Mostly birds.");
        var grace = await SignUpNamedAsync("grace", "Grace", "Field notes from the estuary. #starlings #birding");
        var alan = await SignUpNamedAsync("alan", "Alan", "Patterns in nature.");
        var marie = await SignUpNamedAsync("marie", "Marie", "Physics, chemistry, and the odd bird.");
        await grace.SetPicturesAsync(await _samples.DuskAsync("grace.jpg", 400, 400), await _samples.DuskAsync("estuary.jpg", 1500, 500));
        await ada.FollowAsync(grace);
        await ada.FollowAsync(alan);

        await alan.PostAsync("The last episode explains who built the machine.", contentWarning: "Spoilers for the series finale");
        await grace.PostAsync("Reminder: the estuary walk on Saturday starts at 3 pm by the old boathouse. Bring binoculars and a flask!");
        // Ada does not follow Marie, so Marie's post reaches her home only through Grace's boost.
        var pattern = await marie.PostAsync("Each starling watches its seven nearest neighbours, and that is enough to make the whole flock move as one. https://example.com/flocking");
        var murmuration = await grace.PostAsync("Tonight's murmuration over the reed beds was the biggest this winter: maybe fifty thousand birds, turning like smoke. #starlings",
            picture: (await _samples.DuskAsync("murmuration.jpg"), "A dark ribbon of thousands of starlings curving across an orange and violet dusk sky above the reed beds"));
        await grace.Page.GotoAsync($"/@{marie.Username}/{pattern}");
        await grace.ActionButton(grace.Status(pattern), "Boost").ClickAsync();
        await Expect(grace.ActionButton(grace.Status(pattern), "Undo boost")).ToBeVisibleAsync();
        await ada.Page.GotoAsync($"/@{marie.Username}/{pattern}");
        await ada.ActionButton(ada.Status(pattern), "Favourite").ClickAsync();
        await Expect(ada.ActionButton(ada.Status(pattern), "Unfavourite")).ToBeVisibleAsync();
        await ada.PostAsync("Just joined Starling. Hello, flock!");

        await ada.GoHomeAsync();
        await ada.EventuallyAsync(() => Expect(ada.Statuses).ToHaveCountAsync(5, new() { Timeout = 1000 }));
        var picture = ada.Status(murmuration).GetByRole(AriaRole.Img, new() { NameRegex = FlockPicture });
        await picture.EvaluateAsync("img => img.decode()");
        // Grace's own picture beside her post, cropped to its square when she chose it.
        var avatar = ada.Status(murmuration).Locator(".av img");
        Assert.Equal(400, await avatar.EvaluateAsync<int>("async img => { await img.decode(); return img.naturalWidth; }"));
        await SaveAsync(ada.Page, "home.png");

        await ada.Page.GotoAsync(grace.ProfilePath);
        await Expect(ada.Statuses.First).ToBeVisibleAsync();
        await ada.Page.Locator("img.profile-banner").EvaluateAsync("img => img.decode()");
        await SaveAsync(ada.Page, "profile.png");

        var dark = new Person(ada.Username, await (await NewContextAsync(colorScheme: ColorScheme.Dark)).NewPageAsync());
        await dark.SignInAsync();
        await dark.GoHomeAsync();
        await Expect(dark.Statuses).ToHaveCountAsync(5);
        await dark.Status(murmuration).GetByRole(AriaRole.Img, new() { NameRegex = FlockPicture }).EvaluateAsync("img => img.decode()");
        var background = await dark.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.True(IsDark(background), $"The dark colour scheme should give a dark page background, got {background}.");
        await SaveAsync(dark.Page, "home-dark.png");
    }

    private async Task<Person> SignUpNamedAsync(string name, string displayName, string bio)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/auth/sign_up");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync($"{name}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        var person = new Person(name, page);
        await person.ExpectSignedInAsync();
        await person.SetDisplayNameAsync(displayName, bio);
        return person;
    }

    private async Task SaveAsync(IPage page, string fileName)
    {
        // Nothing should be mid-transition or focused in a picture meant for the README.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var png = await page.ScreenshotAsync(new() { Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled });
        Assert.True(png.Length > 10_000, $"{fileName} is suspiciously small ({png.Length} bytes).");
        var folder = Environment.GetEnvironmentVariable("STARLING_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(StarlingServer.RepositoryRoot, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        await File.WriteAllBytesAsync(path, png);
        Output.WriteLine($"Saved {path}");
    }

    private static bool IsDark(string cssColour)
    {
        var parts = cssColour[(cssColour.IndexOf('(') + 1)..cssColour.IndexOf(')')].Split(',', StringSplitOptions.TrimEntries);
        var rgb = parts.Take(3).Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return rgb.Length == 3 && (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) < 100;
    }
}
