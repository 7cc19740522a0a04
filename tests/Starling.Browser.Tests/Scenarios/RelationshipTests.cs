using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

[Collection(StarlingBrowserCollection.Name)]
public sealed class RelationshipTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [Fact]
    public async Task Following_someone_brings_their_posts_to_home()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        var earlier = UniqueText("Bob's post from before Alice followed");
        await bob.PostAsync(earlier);
        await alice.GoHomeAsync();
        await Expect(alice.StatusWithText(earlier)).ToHaveCountAsync(0);

        await alice.FollowAsync(bob);

        // The earlier post is backfilled and a new one fanned out, both by background jobs.
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(earlier);
        var later = UniqueText("Bob's post after Alice followed");
        await bob.PostAsync(later);
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(later);

        await alice.Page.GotoAsync($"/@{alice.Username}/following");
        await Expect(alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "@" + bob.Username })).Not.ToHaveCountAsync(0);
        await alice.Page.GotoAsync($"/@{bob.Username}/followers");
        await Expect(alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "@" + alice.Username })).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_locked_account_approves_a_follow_request_and_the_follower_then_sees_followers_only_posts()
    {
        var bob = await SignUpAsync("bob");
        await bob.RequireFollowRequestsAsync();
        var secret = UniqueText("Only for my followers");
        await bob.PostAsync(secret, visibility: "Followers only");

        var alice = await SignUpAsync("alice");
        await alice.FollowAsync(bob, expectedAfter: "Cancel request");
        await Expect(alice.StatusWithText(secret)).ToHaveCountAsync(0);

        await bob.Page.GotoAsync("/follow_requests");
        var request = bob.Page.GetByRole(AriaRole.Main).Locator("li, article").Filter(new() { HasText = "@" + alice.Username });
        await Expect(request).Not.ToHaveCountAsync(0);
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).First.ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Main).GetByText("@" + alice.Username)).ToHaveCountAsync(0);

        await alice.OpenProfileAsync(bob);
        await Expect(alice.ProfileButton("Unfollow")).ToBeVisibleAsync();
        await Expect(alice.StatusWithText(secret)).ToBeVisibleAsync();
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(secret);
    }

    [Fact]
    public async Task A_rejected_follow_request_leaves_the_follower_outside()
    {
        var bob = await SignUpAsync("bob");
        await bob.RequireFollowRequestsAsync();
        var secret = UniqueText("Still only for followers");
        await bob.PostAsync(secret, visibility: "Followers only");
        var alice = await SignUpAsync("alice");
        await alice.FollowAsync(bob, expectedAfter: "Cancel request");

        await bob.Page.GotoAsync("/follow_requests");
        var request = bob.Page.GetByRole(AriaRole.Main).Locator("li, article").Filter(new() { HasText = "@" + alice.Username });
        await request.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).First.ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Main).GetByText("@" + alice.Username)).ToHaveCountAsync(0);

        await alice.OpenProfileAsync(bob);
        await Expect(alice.ProfileButton("Follow")).ToBeVisibleAsync();
        await Expect(alice.StatusWithText(secret)).ToHaveCountAsync(0);
        await bob.Page.GotoAsync($"/@{bob.Username}/followers");
        await Expect(bob.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "@" + alice.Username })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_signed_out_visitor_does_not_see_followers_only_posts()
    {
        var bob = await SignUpAsync("bob");
        var open = UniqueText("Hello world");
        var secret = UniqueText("Followers only, please");
        await bob.PostAsync(open);
        await bob.PostAsync(secret, visibility: "Followers only");

        var visitor = new Person("visitor", await NewPageAsync());
        await visitor.OpenProfileAsync(bob);

        await Expect(visitor.StatusWithText(open)).ToBeVisibleAsync();
        await Expect(visitor.StatusWithText(secret)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Blocking_someone_removes_their_posts_from_home_and_ends_both_follows()
    {
        var alice = await SignUpAsync("alice");
        var mallory = await SignUpAsync("mallory");
        await alice.FollowAsync(mallory);
        await mallory.FollowAsync(alice);
        var post = UniqueText("Mallory's post");
        await mallory.PostAsync(post);
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(post);

        var main = alice.Page.GetByRole(AriaRole.Main);
        var malloryLink = main.GetByRole(AriaRole.Link, new() { Name = "@" + mallory.Username });
        await alice.Page.GotoAsync($"/@{alice.Username}/followers");
        await Expect(malloryLink).Not.ToHaveCountAsync(0);
        await alice.Page.GotoAsync($"/@{alice.Username}/following");
        await Expect(malloryLink).Not.ToHaveCountAsync(0);

        await alice.BlockAsync(mallory);

        await Expect(alice.ProfileButton("Unfollow")).ToHaveCountAsync(0);
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyGoneAsync(post);
        await alice.Page.GotoAsync($"/@{alice.Username}/followers");
        await Expect(malloryLink).ToHaveCountAsync(0);
        await alice.Page.GotoAsync($"/@{alice.Username}/following");
        await Expect(malloryLink).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Muting_someone_hides_their_posts_from_home_until_unmuted()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        await alice.FollowAsync(bob);
        var post = UniqueText("Bob talks a lot");
        await bob.PostAsync(post);
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(post);

        await alice.OpenProfileAsync(bob);
        await alice.ProfileButton("Mute").ClickAsync();
        await Expect(alice.ProfileButton("Unmute")).ToBeVisibleAsync();
        await Expect(alice.ProfileButton("Unfollow")).ToBeVisibleAsync();
        await alice.GoHomeAsync();
        await Expect(alice.StatusWithText(post)).ToHaveCountAsync(0);

        await alice.OpenProfileAsync(bob);
        await alice.ProfileButton("Unmute").ClickAsync();
        await Expect(alice.ProfileButton("Mute")).ToBeVisibleAsync();
        await alice.GoHomeAsync();
        await Expect(alice.StatusWithText(post)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Unfollowing_takes_someones_posts_off_home()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        await alice.FollowAsync(bob);
        var post = UniqueText("Bob's thoughts");
        await bob.PostAsync(post);
        await alice.GoHomeAsync();
        await alice.ExpectEventuallyVisibleAsync(post);

        await alice.OpenProfileAsync(bob);
        await alice.ProfileButton("Unfollow").ClickAsync();
        await Expect(alice.ProfileButton("Follow")).ToBeVisibleAsync();

        await alice.GoHomeAsync();
        await alice.ExpectEventuallyGoneAsync(post);
    }
}
