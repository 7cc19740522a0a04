using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(StarlingBrowserCollection.Name)]
public sealed class OwnPostsTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task An_author_edits_a_post_and_its_history_keeps_the_earlier_version()
    {
        var alice = await SignUpAsync("alice");
        var original = UniqueText("Starlings are brown");
        var id = await alice.PostAsync(original);

        await alice.ActionButtonOrLink(alice.Status(id), "Edit").ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{id}/edit$"));
        var corrected = UniqueText("Starlings are iridescent");
        var form = alice.Page.GetByRole(AriaRole.Main).Locator("form").Filter(new() { Has = alice.Page.Locator("textarea[name=Text]") });
        await form.GetByLabel("Post", new() { Exact = true }).FillAsync(corrected);
        await form.GetByRole(AriaRole.Button).Filter(new() { HasTextRegex = new Regex("Save|Edit|Post") }).ClickAsync();

        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{id}$"));
        await Expect(alice.Status(id)).ToContainTextAsync(corrected);
        await Expect(alice.Status(id)).Not.ToContainTextAsync(original);

        await alice.Page.GotoAsync($"/@{alice.Username}/{id}/history");
        var main = alice.Page.GetByRole(AriaRole.Main);
        await Expect(main).ToContainTextAsync(original);
        await Expect(main).ToContainTextAsync(corrected);
    }

    [Fact]
    public async Task A_pinned_post_comes_first_on_the_profile_and_can_be_unpinned()
    {
        var alice = await SignUpAsync("alice");
        var older = UniqueText("My introduction");
        var olderId = await alice.PostAsync(older);
        var newer = UniqueText("Something newer");
        var newerId = await alice.PostAsync(newer);

        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.Statuses.First).ToHaveAttributeAsync("data-status-id", newerId);
        await alice.ActionButton(alice.Status(olderId), "Pin").ClickAsync();
        await Expect(alice.ActionButton(alice.Status(olderId).First, "Unpin")).ToBeVisibleAsync();

        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.Statuses.First).ToHaveAttributeAsync("data-status-id", olderId);
        await Expect(alice.Statuses.First).ToContainTextAsync("Pinned");

        await alice.ActionButton(alice.Statuses.First, "Unpin").ClickAsync();
        await Expect(alice.ActionButton(alice.Statuses.First, "Pin")).ToBeVisibleAsync();
        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.Statuses.First).ToHaveAttributeAsync("data-status-id", newerId);
    }

    [Fact]
    public async Task A_deleted_post_is_gone_from_home_and_profile_and_its_page_is_not_found()
    {
        var alice = await SignUpAsync("alice");
        var text = UniqueText("A post I will regret");
        var id = await alice.PostAsync(text);

        await alice.ActionButton(alice.Status(id), "Delete").ClickAsync();

        await Expect(alice.StatusWithText(text)).ToHaveCountAsync(0);
        await alice.GoHomeAsync();
        await Expect(alice.StatusWithText(text)).ToHaveCountAsync(0);
        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.StatusWithText(text)).ToHaveCountAsync(0);
        Problems.Allow(404);
        var response = await alice.Page.GotoAsync($"/@{alice.Username}/{id}");
        Assert.Equal(404, response?.Status);
    }

    [Fact]
    public async Task Other_people_do_not_get_the_authors_buttons()
    {
        var alice = await SignUpAsync("alice");
        var id = await alice.PostAsync(UniqueText("Mine"));
        var bob = await SignUpAsync("bob");

        await bob.Page.GotoAsync($"/@{alice.Username}/{id}");

        await Expect(bob.ActionButton(bob.Status(id), "Favourite")).ToBeVisibleAsync();
        foreach (var ownerOnly in new[] { "Edit", "Delete", "Pin" })
        {
            await Expect(bob.ActionButtonOrLink(bob.Status(id), ownerOnly)).ToHaveCountAsync(0);
        }
    }
}
