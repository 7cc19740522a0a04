using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(StarlingBrowserCollection.Name)]
public sealed class FavouriteAndBoostTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task Favouriting_and_boosting_change_the_buttons_and_the_counts()
    {
        var bob = await SignUpAsync("bob");
        var text = UniqueText("Starlings can mimic car alarms");
        var id = await bob.PostAsync(text);
        var alice = await SignUpAsync("alice");
        await alice.Page.GotoAsync($"/@{bob.Username}/{id}");
        var status = alice.Status(id);
        await ExpectCountAsync(status, "Favourite", 0);
        await ExpectCountAsync(status, "Boost", 0);

        await ActAsync(alice, status, "Favourite", "Unfavourite");
        await ExpectCountAsync(status, "Unfavourite", 1);
        await ActAsync(alice, status, "Boost", "Undo boost");
        await ExpectCountAsync(status, "Undo boost", 1);

        // The author sees the same counts after a fresh load.
        await bob.Page.GotoAsync($"/@{bob.Username}/{id}");
        await ExpectCountAsync(bob.Status(id), "Favourite", 1);
        await ExpectCountAsync(bob.Status(id), "Boost", 1);

        // The boost shows on the booster's profile, introduced as a boost.
        await alice.Page.GotoAsync(alice.ProfilePath);
        var boost = alice.StatusWithText(text);
        await Expect(boost).ToContainTextAsync("boosted");

        // Undoing both takes the counts back down.
        await alice.Page.GotoAsync($"/@{bob.Username}/{id}");
        await ActAsync(alice, status, "Unfavourite", "Favourite");
        await ExpectCountAsync(status, "Favourite", 0);
        await ActAsync(alice, status, "Undo boost", "Boost");
        await ExpectCountAsync(status, "Boost", 0);
    }

    [Fact]
    public async Task Without_javascript_the_plain_forms_favourite_boost_bookmark_post_and_reply()
    {
        var bob = await SignUpAsync("bob");
        var text = UniqueText("Plain HTML still works");
        var id = await bob.PostAsync(text);
        var carol = await SignUpAsync("carol", javaScript: false);
        await carol.Page.GotoAsync($"/@{bob.Username}/{id}");
        var status = carol.Status(id);

        await ActAsync(carol, status, "Favourite", "Unfavourite");
        await ExpectCountAsync(status, "Unfavourite", 1);
        await ActAsync(carol, status, "Boost", "Undo boost");
        await ExpectCountAsync(status, "Undo boost", 1);
        await ActAsync(carol, status, "Bookmark", "Remove bookmark");

        // Each form post returns to the page it came from.
        await Expect(carol.Page).ToHaveURLAsync(new Regex($"/@{bob.Username}/{id}"));
        await carol.Page.GotoAsync("/favourites");
        await Expect(carol.StatusWithText(text)).ToBeVisibleAsync();
        await carol.Page.GotoAsync("/bookmarks");
        await Expect(carol.StatusWithText(text)).ToBeVisibleAsync();

        await carol.Page.GotoAsync($"/@{bob.Username}/{id}");
        await ActAsync(carol, status, "Unfavourite", "Favourite");
        await ExpectCountAsync(status, "Favourite", 0);

        // Posting and replying are plain forms too.
        var own = UniqueText("Posted without any script");
        await carol.PostAsync(own);
        var reply = UniqueText("Replied without any script");
        await carol.ReplyAsync(bob.Username, id, reply);
    }

    [Fact]
    public async Task The_author_is_notified_and_the_notifications_page_marks_them_read()
    {
        var bob = await SignUpAsync("bob");
        var id = await bob.PostAsync(UniqueText("Notify me"));
        var alice = await SignUpAsync("alice");
        await alice.Page.GotoAsync($"/@{bob.Username}/{id}");
        await ActAsync(alice, alice.Status(id), "Favourite", "Unfavourite");

        // Notifications are written by a background job; the navigation shows the unread count once it has run.
        var notificationsLink = bob.MainNavigation.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Notifications") });
        await bob.GoHomeAsync();
        await bob.EventuallyAsync(() => Expect(notificationsLink).ToContainTextAsync("1", new() { Timeout = 1000 }));

        await notificationsLink.ClickAsync();
        var unread = bob.Page.GetByRole(AriaRole.Main).Locator(".unread").Filter(new() { HasText = alice.Username });
        await Expect(unread).Not.ToHaveCountAsync(0);

        // Having been seen once, they are read on the next visit, and the count is gone.
        await bob.Page.ReloadAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Main)).ToContainTextAsync(alice.Username);
        await Expect(bob.Page.GetByRole(AriaRole.Main).Locator(".unread")).ToHaveCountAsync(0);
        await Expect(notificationsLink).Not.ToContainTextAsync("1");
    }

    /// <summary>Clicks an action button and waits until it has turned into its opposite.</summary>
    private static async Task ActAsync(Person person, ILocator status, string action, string opposite)
    {
        await person.ActionButton(status, action).ClickAsync();
        await Expect(person.ActionButton(status, opposite)).ToBeVisibleAsync();
    }

    /// <summary>The count shown on an action button (no number shown means none).</summary>
    private static async Task ExpectCountAsync(ILocator status, string action, int count)
    {
        var button = status.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(action)}\\b") });
        if (count == 0)
        {
            await Expect(button).Not.ToHaveTextAsync(new Regex(@"[1-9]"));
        }
        else
        {
            await Expect(button).ToHaveTextAsync(new Regex($"(^|\\D){count}(\\D|$)"));
        }
    }
}
