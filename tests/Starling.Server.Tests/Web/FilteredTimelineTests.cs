using Starling.Server.Features.Filters;

namespace Starling.Server.Tests.Web;

/// <summary>The reader's filters on the web UI's timelines: "warn" collapses a post behind the filter's title, "hide" leaves it out.</summary>
public abstract class FilteredTimelineTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Filter> AddFilterAsync(TestInstance app, long accountId, string title, FilterContexts contexts, FilterAction action, string keyword) =>
        app.UseAsync<ManageFilters, Filter>(manage => manage.CreateAsync(accountId, new FilterChanges
        {
            Title = title,
            Contexts = contexts,
            Action = action,
            Keywords = [new KeywordChange(null, keyword, true)],
        }));

    private async Task<(TestInstance App, World World)> StartWorldAsync()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Follow("bob", "alice")
            .Post("plain", "alice", "A plain post")
            .Post("spoiler", "alice", "The finale was great")
            .Post("crypto", "alice", "Crypto news again")
            .BuildAsync();
        return (app, world);
    }

    [Fact]
    public async Task Home_collapses_warned_posts_and_leaves_hidden_ones_out()
    {
        var (app, world) = await StartWorldAsync();
        await AddFilterAsync(app, world.Id("bob"), "Spoilers", FilterContexts.Home, FilterAction.Warn, "finale");
        await AddFilterAsync(app, world.Id("bob"), "No crypto", FilterContexts.Home, FilterAction.Hide, "crypto");
        using var web = new WebSession(app);
        await web.SignInAsync("bob");

        var home = await web.GetAsync("/");

        Assert.Contains(world.Status("plain").Id, home.StatusIds);
        Assert.Contains(world.Status("spoiler").Id, home.StatusIds);
        Assert.DoesNotContain(world.Status("crypto").Id, home.StatusIds);
        Assert.Equal(1, home.Count("<details class=\"filtered\">"));
        Assert.Contains("Filtered: <span class=\"filtered-title\">Spoilers</span>", home.Html);
    }

    [Fact]
    public async Task A_filter_for_home_leaves_the_local_timeline_alone_and_the_author_sees_their_own_posts()
    {
        var (app, world) = await StartWorldAsync();
        await AddFilterAsync(app, world.Id("bob"), "No crypto at home", FilterContexts.Home, FilterAction.Hide, "crypto");
        await AddFilterAsync(app, world.Id("alice"), "Not my own", FilterContexts.All, FilterAction.Hide, "crypto");
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        using var alice = new WebSession(app);
        await alice.SignInAsync("alice");

        var local = await bob.GetAsync("/public/local");
        var profile = await alice.GetAsync("/@alice");

        Assert.Contains(world.Status("crypto").Id, local.StatusIds);
        Assert.Contains(world.Status("crypto").Id, profile.StatusIds);
    }

    [Fact]
    public async Task A_new_filter_applies_at_once_even_to_a_cached_home_page()
    {
        var (app, world) = await StartWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("bob");
        Assert.Contains(world.Status("crypto").Id, (await web.GetAsync("/")).StatusIds);

        await AddFilterAsync(app, world.Id("bob"), "No crypto", FilterContexts.Home, FilterAction.Hide, "crypto");
        var home = await web.GetAsync("/");

        Assert.DoesNotContain(world.Status("crypto").Id, home.StatusIds);
    }

    public sealed class Sqlite() : FilteredTimelineTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FilteredTimelineTests(TestDatabase.Postgres);
}
