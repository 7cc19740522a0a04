using System.Net;

namespace Starling.Server.Tests.Web;

/// <summary>The buttons under a post, as plain form posts and as the script's fetch; editing and its history.</summary>
public abstract class StatusActionTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Favourite_boost_and_bookmark_work_as_plain_forms_and_return_to_the_post()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var post = world.Status("alice_public").Id;
        var token = (await web.GetAsync("/")).AntiforgeryToken;

        var favourite = await web.PostWithTokenAsync($"/statuses/{post}/favourite", token, [("ReturnUrl", "/public/local")]);
        await web.PostWithTokenAsync($"/statuses/{post}/reblog", token, [("ReturnUrl", "/")]);
        await web.PostWithTokenAsync($"/statuses/{post}/bookmark", token, [("ReturnUrl", "/")]);

        Assert.Equal($"/public/local#s-{post}", favourite.Location);
        var actions = (await web.GetAsync("/public/local")).ActionsOf(post);
        Assert.Contains("aria-label=\"Unfavourite\"", actions);
        Assert.Contains("aria-label=\"Undo boost\"", actions);
        Assert.Contains("aria-label=\"Remove bookmark\"", actions);
        Assert.DoesNotContain("aria-label=\"Edit\"", actions);
        var stored = await world.ReloadStatusAsync("alice_public");
        Assert.Equal((1, 1), (stored.FavouritesCount, stored.ReblogsCount));
        Assert.Contains(post, (await web.GetAsync("/bookmarks")).StatusIds);
        Assert.Contains(post, (await web.GetAsync("/favourites")).StatusIds);

        var home = await web.GetAsync("/");
        Assert.Contains("<bdi>Carol</bdi></a> boosted</p>", home.Html);
    }

    [Fact]
    public async Task The_script_gets_the_fresh_action_row_back_instead_of_a_redirect()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var post = world.Status("alice_public").Id;
        var token = (await web.GetAsync("/")).AntiforgeryToken;

        var result = await web.PostWithTokenAsync($"/statuses/{post}/favourite", token, [("ReturnUrl", "/")], fetch: true);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.StartsWith($"<div class=\"status-actions\" data-for=\"{post}\">", result.Html.TrimStart());
        Assert.Contains("aria-label=\"Unfavourite\"", result.Html);
        Assert.DoesNotContain("<html", result.Html);
        Assert.Equal(1, (await world.ReloadStatusAsync("alice_public")).FavouritesCount);
    }

    [Fact]
    public async Task Another_persons_post_cannot_be_deleted_and_the_answer_says_why()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var post = world.Status("alice_public").Id;

        var result = await web.PostAsync("/", $"/statuses/{post}/delete", ("ReturnUrl", "/"));

        Assert.Equal(HttpStatusCode.Forbidden, result.Status);
        Assert.Equal("This status belongs to someone else.", result.Alert);
        Assert.Equal(1, await app.DbAsync(db => db.Statuses.CountAsync(s => s.Id == post)));
    }

    [Fact]
    public async Task The_author_sees_edit_pin_and_delete_and_deleting_from_the_post_page_goes_home()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");
        var post = world.Status("alice_public").Id;
        var page = await web.GetAsync($"/@alice/{post}");
        var actions = page.ActionsOf(post);
        Assert.Contains($"href=\"/@alice/{post}/edit\" aria-label=\"Edit\"", actions);
        Assert.Contains("aria-label=\"Pin\"", actions);
        Assert.Contains("aria-label=\"Delete\"", actions);

        var pin = await web.PostWithTokenAsync($"/statuses/{post}/pin", page.AntiforgeryToken, [("ReturnUrl", "/@alice")]);
        var profile = await web.FollowAsync(pin);
        Assert.Equal(post, profile.StatusIds[0]);
        Assert.Contains("Pinned</p>", profile.Html);
        Assert.Equal(1, profile.StatusIds.Count(id => id == post));

        var delete = await web.PostWithTokenAsync($"/statuses/{post}/delete", page.AntiforgeryToken, [("ReturnUrl", $"/@alice/{post}")]);
        Assert.Equal("/", delete.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/@alice/{post}")).Status);
    }

    [Fact]
    public async Task Editing_keeps_the_history_and_a_refused_edit_changes_nothing()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");
        var post = world.Status("alice_public").Id;

        var form = await web.GetAsync($"/@alice/{post}/edit");
        Assert.Contains(">Hello from #starling, world!</textarea>", form.Html);
        Assert.Contains(">Save changes</button>", form.Html);
        var refused = await web.PostWithTokenAsync($"/@alice/{post}/edit", form.AntiforgeryToken, [("Text", "   "), ("SpoilerText", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("Write something before posting.", refused.Alert);

        var saved = await web.PostWithTokenAsync($"/@alice/{post}/edit", form.AntiforgeryToken, [("Text", "Hello again, world"), ("SpoilerText", "")]);
        Assert.Equal($"/@alice/{post}", saved.Location);
        var history = await web.GetAsync($"/@alice/{post}/history");
        Assert.Contains("2 versions", history.Html);
        Assert.True(history.Html.IndexOf("Hello again, world", StringComparison.Ordinal) < history.Html.IndexOf("Hello from", StringComparison.Ordinal));
        Assert.Equal("Hello again, world", (await world.ReloadStatusAsync("alice_public")).Text);
    }

    [Fact]
    public async Task Someone_elses_edit_page_is_forbidden()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("bob");

        var page = await web.GetAsync($"/@alice/{world.Status("alice_public").Id}/edit");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
    }

    [Fact]
    public async Task A_followers_only_post_offers_no_boost_to_others()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("bob");
        var post = world.Status("alice_followers").Id;

        var actions = (await web.GetAsync("/")).ActionsOf(post);
        var boost = await web.PostAsync("/", $"/statuses/{post}/reblog", ("ReturnUrl", "/"));

        Assert.Contains("disabled aria-label=\"Boost\"", actions);
        Assert.Equal(HttpStatusCode.Forbidden, boost.Status);
        Assert.Equal("This post's audience is limited, so it cannot be boosted.", boost.Alert);
    }

    public sealed class Sqlite() : StatusActionTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StatusActionTests(TestDatabase.Postgres);
}
