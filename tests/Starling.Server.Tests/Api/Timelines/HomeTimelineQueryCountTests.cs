using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Starling.Server.Tests.Api.Timelines;

/// <summary>
/// The home timeline costs the same few queries whatever the page size: one page of ids, one batch of statuses with
/// everything they show, the viewer's marks. A per-status query would make 40 posts cost more than 5.
/// </summary>
public abstract class HomeTimelineQueryCountTests(TestDatabase database) : IntegrationTest(database)
{
    /// <summary>Counts every command the app's contexts send, from whichever request.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task Forty_posts_cost_the_same_queries_as_five()
    {
        var counter = new CommandCounter();
        var app = await StartAsync(o => o with
        {
            ConfigureServices = services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>(db => db.AddInterceptors(counter));
                services.ConfigureDbContext<PostgresAppDbContext>(db => db.AddInterceptors(counter));
            },
        });
        var builder = app.World().Users("alice", "bob", "carol").Follow("alice", "bob").Follow("alice", "carol");
        for (var i = 0; i < 25; i++)
        {
            // Mentions, hashtags, replies and boosts: everything a status shows is loaded with the batch.
            builder.Post($"b{i}", "bob", $"@carol number {i} #tag{i % 3}", replyTo: i > 0 ? $"b{i - 1}" : null)
                .Post($"c{i}", "carol", $"Hello @bob #other{i % 2}")
                .Boost($"boost{i}", "bob", $"c{i}");
        }
        await builder.Favourite("alice", "b3").Bookmark("alice", "c4").BuildAsync();
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("alice");
        await ApiPage.GetAsync(client, "/api/v1/timelines/home?limit=1", token); // The token is checked once, then remembered.

        counter.Reset();
        // Each page is asked for once, so none comes from the response cache.
        var five = await ApiPage.GetAsync(client, "/api/v1/timelines/home?limit=5", token);
        var fiveQueries = counter.Count;
        counter.Reset();
        var forty = await ApiPage.GetAsync(client, "/api/v1/timelines/home?limit=40", token);
        var fortyQueries = counter.Count;

        Assert.Equal(5, five.Ids.Count);
        Assert.Equal(40, forty.Ids.Count);
        Assert.Contains(forty.Items, s => s.GetProperty("mentions").GetArrayLength() > 0 && s.GetProperty("tags").GetArrayLength() > 0);
        Assert.Equal(fiveQueries, fortyQueries);
        // The page of ids, the status batch (the statuses with their authors and boosted posts, then mentions and tags of
        // each), the viewer's marks, and the viewer's filters (one lookup, which finds none here).
        Assert.InRange(fortyQueries, 1, 9);
    }

    public sealed class Sqlite() : HomeTimelineQueryCountTests(TestDatabase.Sqlite);
    public sealed class Postgres() : HomeTimelineQueryCountTests(TestDatabase.Postgres);
}
