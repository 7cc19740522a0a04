using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(StarlingBrowserCollection.Name)]
public sealed class PostingTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const int MaxCharacters = 500;

    [Fact]
    public async Task A_member_posts_and_sees_the_post_on_home_while_the_counter_follows_the_typing()
    {
        var alice = await SignUpAsync("alice");
        await alice.GoHomeAsync();
        await Expect(alice.CharCounter).ToHaveTextAsync(CountPattern(MaxCharacters));

        await alice.ComposeText.PressSequentiallyAsync("Hello");
        await Expect(alice.CharCounter).ToHaveTextAsync(CountPattern(MaxCharacters - 5));

        // A link counts as 23 characters however long it is, as on Mastodon.
        await alice.ComposeText.PressSequentiallyAsync(" https://example.com/a/rather/long/path/to/something/interesting");
        await Expect(alice.CharCounter).ToHaveTextAsync(CountPattern(MaxCharacters - 5 - 1 - 23));

        var text = UniqueText("My first post on Starling");
        var id = await alice.PostAsync(text);

        await alice.GoHomeAsync();
        await Expect(alice.Status(id)).ToContainTextAsync(text);
        await Expect(alice.Status(id)).ToContainTextAsync("@" + alice.Username);
        await Expect(alice.ComposeText).ToHaveValueAsync("");
        await Expect(alice.CharCounter).ToHaveTextAsync(CountPattern(MaxCharacters));
    }

    [Fact]
    public async Task A_post_links_to_its_thread_page_through_its_time()
    {
        var alice = await SignUpAsync("alice");
        var text = UniqueText("A post with its own page");
        var id = await alice.PostAsync(text);

        var time = alice.Status(id).Locator("time[datetime]");
        await Expect(time).ToHaveCountAsync(1);
        await alice.Status(id).GetByRole(AriaRole.Link).Filter(new() { Has = alice.Page.Locator("time") }).ClickAsync();

        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{id}$"));
        await Expect(alice.Status(id)).ToContainTextAsync(text);
    }

    [Fact]
    public async Task A_reply_from_the_thread_page_shows_in_the_thread_under_the_post()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        var question = UniqueText("Who else likes starlings?");
        var questionId = await alice.PostAsync(question);

        // The post's Reply action leads to its thread page, where the compose box is in reply mode.
        await bob.Page.GotoAsync(alice.ProfilePath);
        await bob.Status(questionId).GetByRole(AriaRole.Link, new() { Name = "Reply", Exact = true }).ClickAsync();
        await Expect(bob.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{questionId}"));
        await Expect(bob.ReplyForm).ToBeVisibleAsync();

        var answer = UniqueText("Me! Their murmurations are wonderful.");
        var answerId = await bob.ReplyAsync(alice.Username, questionId, answer);

        // The thread page of the original shows the question first, then the reply.
        await bob.Page.GotoAsync($"/@{alice.Username}/{questionId}");
        await Expect(bob.Status(questionId)).ToContainTextAsync(question);
        await Expect(bob.Status(answerId)).ToContainTextAsync(answer);
        var order = await bob.Statuses.EvaluateAllAsync<string[]>("articles => articles.map(a => a.dataset.statusId)");
        Assert.True(Array.IndexOf(order, questionId) < Array.IndexOf(order, answerId), "The reply must come after the post it answers.");

        // Alice sees the same thread, and the reply's own page shows what it answers above it.
        await alice.Page.GotoAsync($"/@{bob.Username}/{answerId}");
        await Expect(alice.Status(questionId)).ToContainTextAsync(question);
        await Expect(alice.Status(answerId)).ToContainTextAsync(answer);
        order = await alice.Statuses.EvaluateAllAsync<string[]>("articles => articles.map(a => a.dataset.statusId)");
        Assert.True(Array.IndexOf(order, questionId) < Array.IndexOf(order, answerId), "The ancestor must come before the reply.");
    }

    [Fact]
    public async Task An_over_long_post_shows_a_readable_error_and_nothing_is_posted()
    {
        // Without JavaScript the server is the only check, which is what this proves.
        var alice = await SignUpAsync("alice", javaScript: false);
        Problems.Allow(422);
        var marker = UniqueText("Too long");
        var text = marker + " " + new string('a', MaxCharacters);

        await alice.GoHomeAsync();
        await alice.ComposeText.FillAsync(text);
        var response = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        var alert = alice.Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync(MaxCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // What was typed is kept so it can be shortened rather than retyped.
        await Expect(alice.ComposeText).ToHaveValueAsync(text);

        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.StatusWithText(marker)).ToHaveCountAsync(0);
        await alice.GoHomeAsync();
        await Expect(alice.StatusWithText(marker)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task With_javascript_the_counter_warns_before_an_over_long_post_is_sent()
    {
        var alice = await SignUpAsync("alice");
        await alice.GoHomeAsync();

        await alice.ComposeText.FillAsync(new string('a', MaxCharacters + 3));

        await Expect(alice.CharCounter).ToHaveTextAsync(CountPattern(-3));
    }

    [Fact]
    public async Task A_content_warning_hides_the_text_behind_show_more()
    {
        var alice = await SignUpAsync("alice");
        var text = UniqueText("The ending of the film is");
        var id = await alice.PostAsync(text, contentWarning: "Film spoilers");

        var details = alice.Status(id).Locator("details");
        await Expect(details).ToContainTextAsync("Film spoilers");
        await Expect(details.GetByText(text)).ToBeHiddenAsync();
        await details.Locator("summary").ClickAsync();
        await Expect(details.GetByText(text)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_compose_box_offers_the_four_audiences()
    {
        var alice = await SignUpAsync("alice");
        await alice.GoHomeAsync();

        var options = await alice.ComposeForm.GetByLabel("Visibility", new() { Exact = true }).Locator("option").AllInnerTextsAsync();

        Assert.Equal(["Public", "Unlisted", "Followers only", "Mentioned people only"], options.Select(o => o.Trim()));
    }

    [Fact]
    public async Task A_hashtag_links_to_its_timeline_which_shows_the_post()
    {
        var alice = await SignUpAsync("alice");
        var tag = "murmur" + Guid.NewGuid().ToString("N")[..6];
        var text = UniqueText($"Evening flight #{tag}");
        var id = await alice.PostAsync(text);

        await alice.Status(id).GetByRole(AriaRole.Link, new() { Name = "#" + tag }).ClickAsync();

        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/tags/{tag}$", RegexOptions.IgnoreCase));
        await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(tag);
        await Expect(alice.Status(id)).ToBeVisibleAsync();

        var visitor = await NewPageAsync();
        await visitor.GotoAsync($"/tags/{tag}");
        await Expect(visitor.Locator($"article.status[data-status-id=\"{id}\"]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signed_out_the_front_page_is_the_local_timeline_with_sign_in_and_create_account()
    {
        var alice = await SignUpAsync("alice");
        var text = UniqueText("Hello from the local timeline");
        await alice.PostAsync(text);

        var visitor = new Person("visitor", await NewPageAsync());
        await visitor.Page.GotoAsync("/");

        await Expect(visitor.StatusWithText(text)).ToBeVisibleAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First).ToBeVisibleAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Create account", Exact = true }).First).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("textarea[name=Text]")).ToHaveCountAsync(0);
        await visitor.Page.GotoAsync("/public/local");
        await Expect(visitor.StatusWithText(text)).ToBeVisibleAsync();
    }

    /// <summary>The counter's number, as a whole word, whatever words surround it.</summary>
    private static Regex CountPattern(int left) => new($"(^|[^\\d-]){left}(\\D|$)");
}
