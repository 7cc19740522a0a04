using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Infrastructure;

/// <summary>
/// Someone using Starling in their own browser profile. Its methods are the things a person does with the web UI,
/// found the way a person (or a screen reader) finds them: by label, role and accessible name.
/// </summary>
public sealed class Person(string username, IPage page)
{
    public string Username { get; } = username;

    public IPage Page { get; } = page;

    public string ProfilePath => $"/@{Username}";

    // ---- Signing in and out ----

    public async Task ExpectSignedInAsync()
    {
        var nav = MainNavigation;
        await Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Profile", Exact = true })).ToHaveAttributeAsync("href", new Regex($"/@{Username}$"));
    }

    public async Task SignInAsync(string? login = null)
    {
        await Page.GotoAsync("/auth/sign_in");
        await Page.GetByLabel("Username or email", new() { Exact = true }).FillAsync(login ?? Username);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserTest.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignedInAsync();
    }

    public async Task SignOutAsync()
    {
        await MainNavigation.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First).ToBeVisibleAsync();
    }

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main", Exact = true });

    // ---- Composing ----

    /// <summary>The compose box for a new post: the form with the "Post" textarea whose button says "Post".</summary>
    public ILocator ComposeForm => FormWithSubmit("Post");

    /// <summary>The compose box in reply mode on a thread page: its button says "Reply".</summary>
    public ILocator ReplyForm => FormWithSubmit("Reply");

    public ILocator ComposeText => ComposeForm.GetByLabel("Post", new() { Exact = true });

    private ILocator FormWithSubmit(string button) => Page.Locator("form")
        .Filter(new() { Has = Page.Locator("textarea[name=Text]") })
        .Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }) });

    public ILocator CharCounter => ComposeForm.Locator(".char-counter");

    /// <summary>Posts from the home page's compose box, with a picture if given, and waits until the post shows on the page; returns its id.</summary>
    public async Task<string> PostAsync(string text, string visibility = "Public", string? contentWarning = null, (string Path, string AltText)? picture = null)
    {
        await GoHomeAsync();
        await ComposeText.FillAsync(text);
        if (picture is var (path, altText))
        {
            await ComposeForm.GetByLabel("Choose media files", new() { Exact = true }).SetInputFilesAsync(path);
            await ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync(altText);
        }
        if (contentWarning is not null)
        {
            await ComposeForm.GetByLabel("Content warning", new() { Exact = true }).FillAsync(contentWarning);
        }
        await ComposeForm.GetByLabel("Visibility", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = visibility });
        await ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        var status = StatusWithText(text);
        await Expect(status).ToBeVisibleAsync();
        return await IdOfAsync(status);
    }

    /// <summary>Replies from the thread page of a post and waits until the reply shows there; returns the reply's id.</summary>
    public async Task<string> ReplyAsync(string authorUsername, string statusId, string text)
    {
        await Page.GotoAsync($"/@{authorUsername}/{statusId}");
        await ReplyForm.GetByLabel("Post", new() { Exact = true }).FillAsync(text);
        await ReplyForm.GetByRole(AriaRole.Button, new() { Name = "Reply", Exact = true }).ClickAsync();
        var reply = StatusWithText(text);
        await Expect(reply).ToBeVisibleAsync();
        return await IdOfAsync(reply);
    }

    // ---- Reading ----

    public async Task GoHomeAsync()
    {
        await Page.GotoAsync("/");
        await Expect(ComposeText).ToBeVisibleAsync();
    }

    public ILocator Statuses => Page.Locator("article.status");

    public ILocator StatusWithText(string text) => Statuses.Filter(new() { HasText = text });

    public ILocator Status(string id) => Page.Locator($"article.status[data-status-id=\"{id}\"]");

    /// <summary>Reloads the page until the expectation holds: timelines are filled by background jobs, so a post arrives a moment later.</summary>
    public async Task EventuallyAsync(Func<Task> expectation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await expectation();
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                await Page.ReloadAsync();
            }
        }
    }

    /// <summary>Waits (reloading) until the post with this text is on the current page.</summary>
    public Task ExpectEventuallyVisibleAsync(string text) =>
        EventuallyAsync(() => Expect(StatusWithText(text)).ToBeVisibleAsync(new() { Timeout = 1000 }));

    /// <summary>Waits (reloading) until the post with this text is gone from the current page.</summary>
    public Task ExpectEventuallyGoneAsync(string text) =>
        EventuallyAsync(() => Expect(StatusWithText(text)).ToHaveCountAsync(0, new() { Timeout = 1000 }));

    // ---- Acting on posts ----

    /// <summary>A post's action button by its accessible name ("Favourite" does not match "Unfavourite").</summary>
    public ILocator ActionButton(ILocator status, string name) =>
        status.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(name)}\\b") });

    /// <summary>An action that may be a link (such as "Edit", which opens a page) or a button.</summary>
    public ILocator ActionButtonOrLink(ILocator status, string name) =>
        ActionButton(status, name).Or(status.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{Regex.Escape(name)}\\b") }));

    // ---- Relationships ----

    public async Task OpenProfileAsync(Person other) => await Page.GotoAsync(other.ProfilePath);

    public ILocator ProfileButton(string name) => Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task FollowAsync(Person other, string expectedAfter = "Unfollow")
    {
        await OpenProfileAsync(other);
        await ProfileButton("Follow").ClickAsync();
        await Expect(ProfileButton(expectedAfter)).ToBeVisibleAsync();
    }

    public async Task BlockAsync(Person other)
    {
        await OpenProfileAsync(other);
        await ProfileButton("Block").ClickAsync();
        await Expect(ProfileButton("Unblock")).ToBeVisibleAsync();
    }

    public async Task RequireFollowRequestsAsync()
    {
        await Page.GotoAsync("/settings/profile");
        await Page.GetByLabel("Require follow requests", new() { Exact = true }).CheckAsync();
        await SubmitAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Save profile", Exact = true }));
        await Page.GotoAsync("/settings/profile");
        await Expect(Page.GetByLabel("Require follow requests", new() { Exact = true })).ToBeCheckedAsync();
    }

    public async Task SetDisplayNameAsync(string displayName, string? bio = null)
    {
        await Page.GotoAsync("/settings/profile");
        await Page.GetByLabel("Display name", new() { Exact = true }).FillAsync(displayName);
        if (bio is not null)
        {
            await Page.GetByLabel("Bio", new() { Exact = true }).FillAsync(bio);
        }
        await SubmitAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Save profile", Exact = true }));
        await Page.GotoAsync("/settings/profile");
        await Expect(Page.GetByLabel("Display name", new() { Exact = true })).ToHaveValueAsync(displayName);
    }

    /// <summary>Chooses a profile picture and a header on the settings page and saves them.</summary>
    public async Task SetPicturesAsync(string avatarPath, string headerPath)
    {
        await Page.GotoAsync("/settings/profile");
        await Page.GetByLabel("Profile picture", new() { Exact = true }).SetInputFilesAsync(avatarPath);
        await Page.GetByLabel("Header picture", new() { Exact = true }).SetInputFilesAsync(headerPath);
        await SubmitAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Save profile", Exact = true }));
        await Page.GotoAsync("/settings/profile");
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = "Your profile picture now", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Clicks a plain form's submit button and waits until the page it redirects to has fully arrived,
    /// for when the next step leaves that page (leaving earlier would cancel the request).
    /// </summary>
    public async Task SubmitAsync(ILocator button) =>
        await Page.RunAndWaitForRequestFinishedAsync(() => button.ClickAsync(), new()
        {
            Predicate = request => request.IsNavigationRequest && request.Method == "GET" && request.RedirectedFrom?.Method == "POST",
        });

    public static async Task<string> IdOfAsync(ILocator status) =>
        await status.GetAttributeAsync("data-status-id") ?? throw new InvalidOperationException("A status has no data-status-id.");

    public override string ToString() => $"@{Username}";
}
