using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;
using Starling.Server.Hosting;

namespace Starling.Bench.Running;

/// <summary>
/// The <c>queries</c> verb: times the timeline use cases in-process on a seeded data set, without HTTP or rendering,
/// and (with --sql) logs the SQL they send, to look at with EXPLAIN. Tells a slow query from a slow page.
/// </summary>
public static class QueryTiming
{
    public static async Task<int> RunAsync(BenchSettings settings, bool logSql, TextWriter output)
    {
        await using var app = InProcessApp.Build(settings, Path.GetFullPath(settings.DataDirectory), settings.PublicUrl,
            "--Logging:LogLevel:Default=Warning",
            $"--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command={(logSql ? "Information" : "Warning")}");
        long viewerId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var username = settings.Seed.MeasuredUsername;
            viewerId = await db.Accounts.Where(a => a.Username == username && a.Domain == null).Select(a => a.Id).SingleAsync();
        }

        var renderer = app.Services.GetRequiredService<StatusRenderer>();
        var api = new PageRequest(Limit: 40);
        // The API's pages: the same use case, then rendered to Mastodon's JSON as the endpoint sends it (no HTTP).
        Func<TimelineQueries, Task<TimelinePage>> Rendered(Func<TimelineQueries, Task<TimelinePage>> query, long? viewer) => async q =>
        {
            var page = await query(q);
            _ = JsonSerializer.SerializeToUtf8Bytes(renderer.Render(page.Items, viewer), ApiJson.Options);
            return page;
        };
        var cases = new (string Name, Func<TimelineQueries, Task<TimelinePage>> Query)[]
        {
            ("home", q => q.HomeAsync(viewerId, PageRequest.Default)),
            ("local, signed in", q => q.LocalAsync(viewerId, PageRequest.Default)),
            ("local, signed out", q => q.LocalAsync(null, PageRequest.Default)),
            ("api home, limit=40, rendered to JSON", Rendered(q => q.HomeAsync(viewerId, api), viewerId)),
            ("api public, limit=40, rendered to JSON", Rendered(q => q.PublicAsync(viewerId, TimelineOrigin.Everywhere, onlyMedia: false, api), viewerId)),
        };
        foreach (var (name, query) in cases)
        {
            var rounds = logSql ? 1 : 200;
            var stopwatch = new Stopwatch();
            var cpu = TimeSpan.Zero;
            var items = 0;
            for (var i = 0; i < rounds + (logSql ? 0 : 20); i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var queries = scope.ServiceProvider.GetRequiredService<TimelineQueries>();
                var warm = !logSql && i >= 20;
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                if (warm || logSql)
                {
                    stopwatch.Start();
                }
                var page = await query(queries);
                stopwatch.Stop();
                if (warm || logSql)
                {
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                }
                items = page.Items.Count;
            }
            // CPU time is the steadier figure on a shared machine; wall time includes waiting for a core.
            output.WriteLine($"{name}: {items} posts, {stopwatch.Elapsed.TotalMilliseconds / rounds:F2} ms wall, {cpu.TotalMilliseconds / rounds:F2} ms CPU per page (one at a time)");
        }
        return 0;
    }
}
