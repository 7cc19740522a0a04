using Starling.Server.Features.Accounts;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Tags;

namespace Starling.Server.Tests.Features.Tags;

public abstract class TagQueriesTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_tags_history_counts_a_week_of_public_use_a_day_at_a_time_newest_first()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        // The clock starts at noon on 2026-01-15.
        var world = await app.World().Users("alice", "bob", "carol", "dave")
            .Post("old", "alice", "#birds from ten days ago")
            .Wait(TimeSpan.FromDays(8))
            .Post("a1", "alice", "#Birds on the 23rd")
            .Post("b1", "bob", "#birds again on the 23rd")
            .Post("a2", "alice", "more #birds on the 23rd")
            .Post("hidden", "carol", "#birds for followers only", Visibility.Private)
            .Post("quiet", "dave", "#birds unlisted", Visibility.Unlisted)
            .Wait(TimeSpan.FromDays(2))
            .Post("c1", "carol", "#birds today, the 25th")
            .BuildAsync();
        var birds = await app.UseAsync<TagQueries, Tag>(q => q.ByNameAsync("#BIRDS"));
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("dave"));

        var history = (await app.UseAsync<TagQueries, IReadOnlyDictionary<long, IReadOnlyList<TagDay>>>(q => q.HistoryAsync([birds.Id])))[birds.Id];

        Assert.Equal(TagQueries.HistoryDays, history.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(back => new DateOnly(2026, 1, 25).AddDays(-back)), history.Select(d => d.Day));
        Assert.Equal(new TagDay(new DateOnly(2026, 1, 25), 1, 1), history[0]);
        Assert.Equal(new TagDay(new DateOnly(2026, 1, 23), 3, 2), history[2]);
        Assert.Equal(0, history.Where(d => d.Day != new DateOnly(2026, 1, 25) && d.Day != new DateOnly(2026, 1, 23)).Sum(d => d.Uses));
        Assert.Equal("Birds".ToLowerInvariant(), birds.Name);
    }

    [Fact]
    public async Task An_unknown_tag_is_not_found_and_an_unused_one_has_a_week_of_zeros()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").Post("p", "alice", "#quiet", Visibility.Private).BuildAsync();
        var quiet = await app.UseAsync<TagQueries, Tag>(q => q.ByNameAsync("quiet"));

        await AssertRefusedAsync(DomainErrorKind.NotFound, () => app.UseAsync<TagQueries, Tag>(q => q.ByNameAsync("nobody")));
        var history = await app.UseAsync<TagQueries, IReadOnlyDictionary<long, IReadOnlyList<TagDay>>>(q => q.HistoryAsync([quiet.Id, 999]));
        Assert.All(history[quiet.Id], day => Assert.Equal(0, day.Uses));
        Assert.Equal(7, history[999].Count);
    }

    public sealed class Sqlite() : TagQueriesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : TagQueriesTests(TestDatabase.Postgres);
}
