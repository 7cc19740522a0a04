using System.Net;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Web;

namespace Starling.Server.Tests.Web.Caching;

/// <summary>
/// Timeline pages are served again from the page cache, and every write that changes what a page shows makes the
/// next request render it afresh. Each test first proves the page was cached, so its second half can fail.
/// </summary>
public abstract class TimelinePageCacheTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Home_is_served_again_until_a_followed_account_posts()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        await CachedAsync(bob, "/");

        var post = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("alice"), new StatusDraft("Fresh from alice")));
        await app.DrainJobsAsync();

        var home = await bob.GetAsync("/");
        Assert.False(home.FromCache);
        Assert.Equal(post.Id, home.StatusIds[0]);
    }

    [Fact]
    public async Task Your_own_post_and_its_notice_show_on_the_next_page()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        var cached = await CachedAsync(bob, "/");

        var posted = await bob.PostWithTokenAsync("/compose", cached.AntiforgeryToken,
            [("Text", "Posted from a cached page"), ("Visibility", "public"), ("ReturnUrl", "/")]);
        Assert.True(posted.IsRedirect, posted.Alert);
        var home = await bob.FollowAsync(posted);

        Assert.False(home.FromCache);
        Assert.NotNull(home.Notice);
        Assert.Contains("Posted from a cached page", home.Html);
    }

    [Fact]
    public async Task Someone_elses_favourite_refreshes_the_count_on_your_cached_page()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var carol = new WebSession(app);
        await carol.SignInAsync("carol");
        var post = world.Status("alice_public").Id;
        Assert.DoesNotContain("id=\"fa-", (await CachedAsync(carol, "/")).ActionsOf(post));

        await app.UseAsync<FavouriteStatus, Status>(f => f.FavouriteAsync(world.Id("erin"), post));

        var home = await carol.GetAsync("/");
        Assert.False(home.FromCache);
        Assert.Contains("<span class=\"count\" id=\"fa-", home.ActionsOf(post));
    }

    [Fact]
    public async Task An_authors_new_name_replaces_the_old_one_on_cached_pages()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        Assert.Contains("<bdi class=\"display-name\">Alice</bdi>", (await CachedAsync(bob, "/")).Html);

        await app.UseAsync<UpdateProfile, Starling.Server.Data.Entities.Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(DisplayName: "Alice Liddell")));

        var home = await bob.GetAsync("/");
        Assert.False(home.FromCache);
        Assert.Contains("<bdi class=\"display-name\">Alice Liddell</bdi>", home.Html);
    }

    [Fact]
    public async Task Each_reader_and_each_browser_gets_its_own_page()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        await CachedAsync(bob, "/");
        using var carol = new WebSession(app);
        await carol.SignInAsync("carol");
        using var bobElsewhere = new WebSession(app);
        await bobElsewhere.SignInAsync("bob");

        var carolsHome = await carol.GetAsync("/");
        var bobsOtherBrowser = await bobElsewhere.GetAsync("/");

        Assert.False(carolsHome.FromCache);
        Assert.Contains("href=\"/@carol\"", carolsHome.Html);
        Assert.DoesNotContain("href=\"/@bob\" aria-current", carolsHome.Html);
        // Another browser of the same reader has its own anti-forgery cookie, so it must not get the first one's tokens.
        Assert.False(bobsOtherBrowser.FromCache);
        Assert.NotEqual((await bob.GetAsync("/")).AntiforgeryToken, bobsOtherBrowser.AntiforgeryToken);
    }

    [Fact]
    public async Task A_token_from_a_cached_page_still_posts()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var carol = new WebSession(app);
        await carol.SignInAsync("carol");
        var cached = await CachedAsync(carol, "/");

        var favourite = await carol.PostWithTokenAsync($"/statuses/{world.Status("alice_public").Id}/favourite", cached.AntiforgeryToken, [("ReturnUrl", "/")]);

        Assert.True(favourite.IsRedirect, favourite.Alert);
        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);
    }

    [Fact]
    public async Task A_suspended_readers_cached_page_is_not_served_to_their_cookie()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        await CachedAsync(bob, "/");

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("bob"));

        var page = await bob.GetAsync("/");
        Assert.False(page.FromCache);
        Assert.DoesNotContain("/auth/sign_out", page.Html);
        Assert.Contains("href=\"/auth/sign_in\"", page.Html);
    }

    [Fact]
    public async Task The_visitors_local_timeline_is_shared_until_a_public_post_arrives()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var visitor = new WebSession(app);
        await CachedAsync(visitor, "/public/local");
        using var another = new WebSession(app);
        Assert.True((await another.GetAsync("/public/local")).FromCache);

        var post = await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("erin"), new StatusDraft("Hello, local")));

        var local = await visitor.GetAsync("/public/local");
        Assert.False(local.FromCache);
        Assert.Equal(post.Id, local.StatusIds[0]);
    }

    [Fact]
    public async Task Unbookmarking_and_unmuting_through_bulk_deletes_also_refresh_the_page()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var carol = new WebSession(app);
        await carol.SignInAsync("carol");
        var post = world.Status("alice_public").Id;
        await app.UseAsync<BookmarkStatus, Status>(b => b.BookmarkAsync(world.Id("carol"), post));
        Assert.Contains("aria-label=\"Remove bookmark\"", (await CachedAsync(carol, "/")).ActionsOf(post));

        await app.UseAsync<BookmarkStatus, Status>(b => b.UnbookmarkAsync(world.Id("carol"), post));

        var home = await carol.GetAsync("/");
        Assert.False(home.FromCache);
        Assert.Contains("aria-label=\"Bookmark\"", home.ActionsOf(post));
    }

    [Fact]
    public async Task With_the_cache_turned_off_every_page_is_rendered()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:PageCacheSeconds"] = "0" } });
        await app.CreateStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");

        await bob.GetAsync("/");
        var second = await bob.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.False(second.FromCache);
    }

    /// <summary>Loads a page twice and asserts that the second answer came from the cache.</summary>
    private static async Task<WebPage> CachedAsync(WebSession session, string path)
    {
        var first = await session.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var second = await session.GetAsync(path);
        Assert.True(second.FromCache, $"{path} was rendered again instead of served from the page cache.");
        return second;
    }

    public sealed class Sqlite() : TimelinePageCacheTests(TestDatabase.Sqlite);
    public sealed class Postgres() : TimelinePageCacheTests(TestDatabase.Postgres);
}
