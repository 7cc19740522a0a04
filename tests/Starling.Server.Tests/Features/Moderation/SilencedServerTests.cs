using Starling.Server.Features.Moderation;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Tags;
using Starling.Server.Features.Timelines;
using Starling.Server.Tests.Features.Timelines;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>A silenced server's posts reach only their authors' followers: not public timelines, hashtags or boosts.</summary>
public abstract class SilencedServerTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<List<long>> PublicAsync(TestInstance app, TimelineOrigin origin, long? viewer = null) =>
        TimelineReader.Ids(await app.UseAsync<TimelineQueries, TimelinePage>(t => t.PublicAsync(viewer, origin, onlyMedia: false, PageRequest.Default)));

    private static Task<List<long>> HomeRowsAsync(TestInstance app, long reader) =>
        app.DbAsync(db => db.HomeFeed.Where(e => e.AccountId == reader).Select(e => e.StatusId).ToListAsync());

    private static Task SilenceAsync(TestInstance app, string domain) =>
        app.UseAsync<DomainBlocks, DomainBlockSaved>(b => b.SaveAsync(new DomainBlockChange(domain, DomainBlockSeverity.Silence)));

    [Fact]
    public async Task Public_and_hashtag_timelines_leave_out_silenced_servers_and_the_servers_below_them()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").Post("local", "alice", "Local #birds").BuildAsync();
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "loud.example");
        var yan = await RemoteRows.AccountAsync(app, "yan", "a.loud.example:8443");
        var kim = await RemoteRows.AccountAsync(app, "kim", "fine.example");
        var zoePost = await RemoteRows.PostAsync(app, zoe, "Loud #birds", ["birds"]);
        var yanPost = await RemoteRows.PostAsync(app, yan, "Loud too #birds", ["birds"]);
        var kimPost = await RemoteRows.PostAsync(app, kim, "Fine #birds", ["birds"]);
        var local = world.Status("local").Id;
        Assert.Equal([kimPost.Id, yanPost.Id, zoePost.Id, local], await PublicAsync(app, TimelineOrigin.Everywhere));

        await SilenceAsync(app, "loud.example");

        Assert.Equal([kimPost.Id, local], await PublicAsync(app, TimelineOrigin.Everywhere));
        Assert.Equal([kimPost.Id], await PublicAsync(app, TimelineOrigin.Remote, world.Id("alice")));
        Assert.Equal([local], await PublicAsync(app, TimelineOrigin.Local));
        Assert.Equal([kimPost.Id, local], await app.TagAsync(null, "birds"));
        var live = app.Services.GetRequiredService<IServiceScopeFactory>();
        await using var scope = live.CreateAsyncScope();
        var placement = scope.ServiceProvider.GetRequiredService<LiveTimelines>();
        Assert.Equal((false, false), ((await placement.PlaceAsync(zoePost.Id))!.InPublicTimelines, (await placement.PlaceAsync(zoePost.Id))!.InHashtagTimelines));
        Assert.Equal((true, true), ((await placement.PlaceAsync(kimPost.Id))!.InPublicTimelines, (await placement.PlaceAsync(kimPost.Id))!.InHashtagTimelines));
        // The author's profile still shows them, as Mastodon's does to anyone who looks.
        Assert.Equal([zoePost.Id], await app.ProfileAsync(world.Id("alice"), zoe.Id));

        await app.UseAsync<DomainBlocks>(b => b.RemoveAsync("loud.example"));
        Assert.Equal([kimPost.Id, yanPost.Id, zoePost.Id, local], await PublicAsync(app, TimelineOrigin.Everywhere));
    }

    [Fact]
    public async Task A_silenced_post_reaches_its_authors_followers_but_not_hashtag_followers()
    {
        var app = await StartAsync();
        var world = await app.World().Users("bob", "carol").BuildAsync();
        var (bob, carol) = (world.Id("bob"), world.Id("carol"));
        await app.UseAsync<FollowTag, Tag>(f => f.FollowAsync(bob, "birds"));
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "loud.example");
        var kim = await RemoteRows.AccountAsync(app, "kim", "fine.example");
        await RemoteRows.FollowAsync(app, carol, zoe.Id);
        await SilenceAsync(app, "loud.example");

        var zoePost = await RemoteRows.PostAsync(app, zoe, "Loud #birds", ["birds"]);
        var kimPost = await RemoteRows.PostAsync(app, kim, "Fine #birds", ["birds"]);
        await RemoteRows.FanOutAsync(app, zoePost.Id);
        await RemoteRows.FanOutAsync(app, kimPost.Id);

        Assert.Equal([kimPost.Id], await HomeRowsAsync(app, bob));
        Assert.Equal([zoePost.Id], await HomeRowsAsync(app, carol));
        Assert.Equal([zoePost.Id], await app.HomeAsync(carol));
    }

    [Fact]
    public async Task A_boost_of_a_silenced_post_reaches_only_people_who_follow_its_author()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "dave", "erin").Follow("dave", "alice").Follow("erin", "alice").BuildAsync();
        var (alice, dave, erin) = (world.Id("alice"), world.Id("dave"), world.Id("erin"));
        var zoe = await RemoteRows.AccountAsync(app, "zoe", "loud.example");
        var kim = await RemoteRows.AccountAsync(app, "kim", "fine.example");
        var zoePost = await RemoteRows.PostAsync(app, zoe, "Loud");
        var kimPost = await RemoteRows.PostAsync(app, kim, "Fine");
        // Erin follows zoe after the post arrived, so only the boost could bring it to her home.
        await RemoteRows.FollowAsync(app, erin, zoe.Id);
        await SilenceAsync(app, "loud.example");

        var zoeBoost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(alice, zoePost.Id));
        var kimBoost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(alice, kimPost.Id));
        await app.DrainJobsAsync();

        Assert.Equal([kimBoost.Id], await HomeRowsAsync(app, dave));
        Assert.Equal([zoeBoost.Id, kimBoost.Id], (await HomeRowsAsync(app, erin)).Order());
    }

    public sealed class Sqlite() : SilencedServerTests(TestDatabase.Sqlite);

    public sealed class Postgres() : SilencedServerTests(TestDatabase.Postgres);
}
