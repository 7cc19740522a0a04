using System.Net;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Web;

/// <summary>Home, local, hashtag and thread pages: what each shows, to whom, and how a page of posts leads to the next.</summary>
public abstract class TimelinePagesTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_visitor_sees_the_local_timeline_with_sign_in_links_and_no_compose_box()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);

        var page = await web.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([world.Status("dave_public").Id, world.Status("alice_public").Id], page.StatusIds);
        Assert.Contains("href=\"/auth/sign_in\"", page.Html);
        Assert.Contains("href=\"/auth/sign_up\"", page.Html);
        Assert.DoesNotContain("name=\"Text\"", page.Html);
        Assert.Equal(1, page.H1Count);
        Assert.Contains("<main id=\"main\"", page.Html);
    }

    [Fact]
    public async Task A_reader_sees_their_home_with_one_compose_box_and_what_they_may_see()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("bob");

        var page = await web.GetAsync("/");

        Assert.Contains(world.Status("alice_followers").Id, page.StatusIds);
        Assert.Contains(world.Status("alice_direct_bob").Id, page.StatusIds);
        Assert.Equal(1, page.Count("name=\"Text\""));
        Assert.Contains("<label class=\"sr-only\" for=\"compose-text\">Post</label>", page.Html);
        Assert.Contains("<option value=\"Private\">Followers only</option>", page.Html);
        Assert.Contains("<option value=\"Direct\">Mentioned people only</option>", page.Html);
        Assert.Contains("class=\"char-counter\"", page.Html);
        Assert.Equal(1, page.H1Count);
    }

    [Fact]
    public async Task Posting_from_the_compose_box_returns_to_the_page_and_shows_the_post()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");

        var result = await web.PostAsync("/", "/compose", ("Text", "First light over the <marsh> #dawn"), ("SpoilerText", ""),
            ("Visibility", "Public"), ("ReturnUrl", "/"));

        Assert.Equal("/", result.Location);
        var home = await web.FollowAsync(result);
        var posted = await app.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.AccountId == world.Id("carol")));
        Assert.Equal(posted.Id, home.StatusIds[0]);
        Assert.Contains("First light over the &lt;marsh&gt;", home.Html);
        Assert.DoesNotContain("<marsh>", home.Html);
        Assert.Equal("Your post is published.", home.Notice);
    }

    [Fact]
    public async Task A_post_that_is_too_long_is_refused_with_the_text_kept_and_nothing_saved()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var text = new string('a', 501);

        var result = await web.PostAsync("/", "/compose", ("Text", text), ("Visibility", "Public"), ("ReturnUrl", "/"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal("Text is too long: 501 characters where at most 500 are allowed.", result.Alert);
        Assert.Contains($">{text}</textarea>", result.Html);
        Assert.Contains(">-1</output>", result.Html);
        Assert.Equal(0, await app.DbAsync(db => db.Statuses.CountAsync(s => s.Account.Username == "carol")));
    }

    [Fact]
    public async Task The_thread_page_shows_the_conversation_and_a_reply_box_that_mentions_the_author()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var bobReply = world.Status("bob_reply");

        var page = await web.GetAsync($"/@bob/{bobReply.Id}");

        Assert.Equal([world.Status("alice_public").Id, bobReply.Id], page.StatusIds);
        Assert.Contains("<article class=\"status focused\"", page.Html);
        Assert.Contains(">@bob @alice </textarea>", page.Html);
        Assert.Contains(">Reply</button>", page.Html);
        Assert.Equal(1, page.Count("name=\"Text\""));

        var reply = await web.PostWithTokenAsync("/compose", page.AntiforgeryToken,
            [("Text", "@bob @alice agreed!"), ("Visibility", "Public"), ("InReplyToId", bobReply.Id.ToString()), ("ReturnUrl", $"/@bob/{bobReply.Id}")]);
        var created = await app.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.InReplyToId == bobReply.Id));
        Assert.Equal($"/@bob/{bobReply.Id}#s-{created.Id}", reply.Location);
        Assert.Equal([world.Status("alice_public").Id, bobReply.Id, created.Id], (await web.FollowAsync(reply)).StatusIds);
    }

    [Fact]
    public async Task A_thread_under_the_wrong_username_redirects_and_a_hidden_post_is_not_found()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);

        var wrongName = await web.GetAsync($"/@bob/{world.Status("alice_public").Id}");
        var hidden = await web.GetAsync($"/@alice/{world.Status("alice_followers").Id}");

        Assert.Equal($"/@alice/{world.Status("alice_public").Id}", wrongName.Location);
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal("Status not found.", hidden.Alert);
    }

    [Fact]
    public async Task Older_posts_are_one_link_away_and_the_last_page_has_no_such_link()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice");
        for (var i = 1; i <= 25; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}");
        }
        var world = await builder.BuildAsync();
        using var web = new WebSession(app);

        var first = await web.GetAsync("/public/local");
        Assert.Equal(20, first.StatusIds.Count);
        Assert.Equal(world.Status("p25").Id, first.StatusIds[0]);
        var older = $"/public/local?max_id={world.Status("p6").Id}";
        Assert.Contains($"href=\"{older}\"", first.Html);
        Assert.Contains(">Load older posts</a>", first.Html);

        var second = await web.GetAsync(older);
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => world.Status($"p{i}").Id), second.StatusIds);
        Assert.DoesNotContain("Load older posts", second.Html);
    }

    [Fact]
    public async Task A_page_of_twenty_posts_stays_under_sixty_kilobytes()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice", "bob").Follow("bob", "alice");
        for (var i = 1; i <= 20; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}: a sentence or two of ordinary length about the day, with a link https://example.org/articles/{i} and #tag{i}, @bob.");
        }
        await builder.BuildAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");

        var page = await web.GetAsync("/");

        Assert.Equal(20, page.StatusIds.Count);
        Assert.True(page.Html.Length < 60_000, $"The home page with 20 posts is {page.Html.Length} characters.");
    }

    [Fact]
    public async Task The_stylesheet_and_script_are_served_small_and_the_page_has_no_inline_code()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");

        var page = await web.GetAsync("/");
        var css = await web.GetAsync("/css/site.css");
        var js = await web.GetAsync("/js/app.js");

        Assert.Equal((HttpStatusCode.OK, "text/css"), (css.Status, css.ContentType));
        Assert.True(css.Html.Length < 30_000, $"site.css is {css.Html.Length} characters.");
        Assert.Equal(HttpStatusCode.OK, js.Status);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/site.css?v=", page.Html);
        Assert.Contains("<script src=\"/js/app.js?v=", page.Html);
        Assert.DoesNotContain("style=", page.Html);
        Assert.DoesNotContain("<script>", page.Html);
        Assert.DoesNotContain(" onclick=", page.Html);
    }

    [Fact]
    public async Task A_hashtag_page_shows_public_posts_with_the_tag_under_its_written_name()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(world.Id("bob"), new StatusDraft("More #Starling please")));
        using var web = new WebSession(app);

        var page = await web.GetAsync("/tags/STARLING");

        Assert.Equal(2, page.StatusIds.Count);
        Assert.Contains(world.Status("alice_public").Id, page.StatusIds);
        Assert.Contains("starling</h1>", page.Html);
    }

    public sealed class Sqlite() : TimelinePagesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TimelinePagesTests(TestDatabase.Postgres);
}
