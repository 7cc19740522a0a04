using Starling.Server.Features.Lists;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Features.Timelines;

/// <summary>Keyset paging with Mastodon's max_id, since_id, min_id and limit, over every kind of timeline.</summary>
public abstract class PaginationTests(TestDatabase database) : IntegrationTest(database)
{
    private const int PostCount = 23;

    public enum Timeline
    {
        Home,
        Local,
        Tag,
        Profile,
        /// <summary>A hashtag or another, where posts carrying both must still come once.</summary>
        TagAny,
        List,
    }

    private async Task<(TestInstance App, World World, List<long> All, Func<PageRequest, Task<TimelinePage>> Read)> ArrangeAsync(Timeline timeline)
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice", "bob").Follow("bob", "alice");
        for (var i = 0; i < PostCount; i++)
        {
            builder.Post($"p{i}", "alice", $"Post number {i} #paging" + (i % 2 == 0 ? " #even" : ""));
        }
        var world = await builder.BuildAsync();
        var (alice, bob) = (world.Id("alice"), world.Id("bob"));
        var list = await app.UseAsync<ManageLists, UserList>(m => m.CreateAsync(bob, "Alice"));
        await app.UseAsync<ManageLists>(m => m.AddAccountsAsync(bob, list.Id, [alice]));
        Func<PageRequest, Task<TimelinePage>> read = timeline switch
        {
            Timeline.Home => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(bob, page)),
            Timeline.Local => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.LocalAsync(bob, page)),
            Timeline.Tag => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.TagAsync(bob, "paging", page)),
            Timeline.TagAny => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.TagAsync(bob, new TagTimelineQuery("even", ["paging"], [], []), page)),
            Timeline.List => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.ListAsync(bob, list.Id, page)),
            _ => page => app.UseAsync<TimelineQueries, TimelinePage>(t => t.AccountAsync(bob, alice, page)),
        };
        var all = Enumerable.Range(0, PostCount).Reverse().Select(i => world.Status($"p{i}").Id).ToList();
        return (app, world, all, read);
    }

    [Theory]
    [InlineData(Timeline.Home)]
    [InlineData(Timeline.Local)]
    [InlineData(Timeline.Tag)]
    [InlineData(Timeline.Profile)]
    [InlineData(Timeline.TagAny)]
    [InlineData(Timeline.List)]
    public async Task Paging_back_with_max_id_visits_every_post_once(Timeline timeline)
    {
        var (_, _, all, read) = await ArrangeAsync(timeline);

        var seen = new List<long>();
        long? maxId = null;
        var pages = 0;
        while (true)
        {
            var page = await read(new PageRequest(MaxId: maxId, Limit: 5));
            if (page.Items.Count == 0)
            {
                Assert.Null(page.NextMaxId);
                break;
            }
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(TimelineReader.Ids(page));
            maxId = page.NextMaxId;
            pages++;
        }

        Assert.Equal(all, seen);
        Assert.Equal(5, pages);
    }

    [Theory]
    [InlineData(Timeline.Home)]
    [InlineData(Timeline.Local)]
    [InlineData(Timeline.Tag)]
    [InlineData(Timeline.Profile)]
    [InlineData(Timeline.TagAny)]
    [InlineData(Timeline.List)]
    public async Task Paging_forward_with_min_id_visits_every_post_once_each_page_newest_first(Timeline timeline)
    {
        var (_, _, all, read) = await ArrangeAsync(timeline);

        var seen = new List<long>();
        long minId = 0;
        while (true)
        {
            var page = await read(new PageRequest(MinId: minId, Limit: 4));
            if (page.Items.Count == 0)
            {
                break;
            }
            var ids = TimelineReader.Ids(page);
            Assert.Equal(ids.OrderDescending(), ids);
            seen.InsertRange(0, ids);
            minId = page.PrevMinId!.Value;
        }

        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task Since_id_gives_the_newest_posts_above_the_bound_and_min_id_the_oldest()
    {
        var (_, _, all, read) = await ArrangeAsync(Timeline.Home);
        var bound = all[10]; // ten posts are newer than this one

        var since = TimelineReader.Ids(await read(new PageRequest(SinceId: bound, Limit: 3)));
        var min = TimelineReader.Ids(await read(new PageRequest(MinId: bound, Limit: 3)));
        var between = TimelineReader.Ids(await read(new PageRequest(MaxId: all[2], SinceId: all[6])));

        Assert.Equal(all.Take(3), since);
        Assert.Equal(all.Skip(7).Take(3), min);
        Assert.Equal(all.Skip(3).Take(3), between);
    }

    [Fact]
    public async Task Limit_is_clamped_between_one_and_forty()
    {
        var app = await StartAsync();
        var builder = app.World().Users("alice");
        for (var i = 0; i < 45; i++)
        {
            builder.Post($"p{i}", "alice", $"Post {i}");
        }
        await builder.BuildAsync();

        Assert.Single((await app.UseAsync<TimelineQueries, TimelinePage>(t => t.LocalAsync(null, new PageRequest(Limit: 0)))).Items);
        Assert.Equal(PageRequest.MaxLimit, (await app.UseAsync<TimelineQueries, TimelinePage>(t => t.LocalAsync(null, new PageRequest(Limit: 500)))).Items.Count);
        Assert.Equal(20, (await app.UseAsync<TimelineQueries, TimelinePage>(t => t.LocalAsync(null, PageRequest.Default))).Items.Count);
    }

    [Fact]
    public async Task Posts_written_between_two_page_reads_neither_duplicate_nor_shift_the_next_page()
    {
        var (app, world, all, read) = await ArrangeAsync(Timeline.Local);

        var first = await read(new PageRequest(Limit: 10));
        await world.Instance.UseAsync<Starling.Server.Features.Statuses.CreateStatus, Status>(c =>
            c.CreateAsync(world.Id("alice"), new Starling.Server.Features.Statuses.StatusDraft("A newcomer")));
        var second = await read(new PageRequest(MaxId: first.NextMaxId, Limit: 10));

        Assert.Equal(all.Skip(10).Take(10), TimelineReader.Ids(second));
        var newer = await read(new PageRequest(MinId: first.PrevMinId));
        Assert.Single(newer.Items);
        Assert.Equal("A newcomer", newer.Items[0].Status.Text);
    }

    public sealed class Sqlite() : PaginationTests(TestDatabase.Sqlite);

    public sealed class Postgres() : PaginationTests(TestDatabase.Postgres);
}
