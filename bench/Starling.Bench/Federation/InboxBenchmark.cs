using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Bench.Running;

namespace Starling.Bench.Federation;

public sealed record InboxResult(int Actors, int Activities, int Connections, LoadOutcome Baseline, LoadOutcome Accepted, TimeSpan ProcessedAfter,
    TimeSpan DrainedAfter, int Statuses, int HomeFeedEntries, MemoryReading ServerMemory, TimeSpan SignTime, string LoadAverageBefore,
    TimeSpan ServerCpuWhileAccepting, TimeSpan ServerCpuInAll)
{
    public double ProcessedPerSecond => Activities / ProcessedAfter.TotalSeconds;

    public double DrainedPerSecond => Activities / DrainedAfter.TotalSeconds;
}

/// <summary>
/// Remote actors (seeded with their public keys, and followed by the local account so that their posts are kept) send
/// signed <c>Create(Note)</c> activities to the shared inbox, many at once. Measured: activities accepted per second
/// (202s), and processed per second (until every post is stored as a status), against the requests per second of a
/// bare Kestrel endpoint taking the same POSTs with the same client in the same run.
/// </summary>
public sealed class InboxBenchmark(BenchSettings settings, TextWriter output)
{
    public async Task<InboxResult> RunAsync(string resultsDirectory)
    {
        var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        // Nothing listens on the actors' hosts: the keys are in the database, so a fetch would be a fault, and show as refusals.
        var absentPort = ChildProcess.FreePort();
        await using var server = await FederationServer.CreateAsync(settings, "inbox");
        var seed = await server.SeedAsync(settings.Actors, i => $"http://{DeliverySink.HostAddress(i)}:{absentPort}", remotesFollowLocal: false,
            localFollowsRemotes: true, withKeys: true);
        output.WriteLine($"Seeded one local account following {settings.Actors} remote actors with keys ({seed.Elapsed.TotalSeconds:F1} s).");
        // For finding where the time goes: with the job workers off, the server only accepts (the inbox's first half).
        var acceptOnly = settings.InboxAcceptOnly;
        await server.StartAsync(resultsDirectory, "server-inbox.log",
            acceptOnly ? new Dictionary<string, string> { ["Starling__Jobs__RunWorkers"] = "false" } : new Dictionary<string, string>());

        var baselinePort = ChildProcess.FreePort();
        await using var baseline = ChildProcess.Start("dotnet",
            [typeof(InboxBenchmark).Assembly.Location, "baseline", "--port", baselinePort.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.Combine(resultsDirectory, "baseline-inbox.log"), AppContext.BaseDirectory);
        var baselineUrl = $"http://127.0.0.1:{baselinePort}";
        await baseline.WaitUntilServingAsync(baselineUrl + "/", TimeSpan.FromSeconds(30));

        var inboxUrl = $"{server.PublicUrl}/inbox";
        var warmupCount = settings.InboxWarmup;
        var count = settings.Activities;
        var signing = Stopwatch.StartNew();
        var warmup = await SignAsync(seed, inboxUrl, 0, warmupCount);
        var measured = await SignAsync(seed, inboxUrl, warmupCount, count);
        var signTime = signing.Elapsed;
        output.WriteLine($"Signed {warmupCount + count:N0} Create(Note) activities in {signTime.TotalSeconds:F1} s.");

        output.WriteLine($"Baseline: the {count:N0} POSTs to bare Kestrel at {settings.Connections} connections, {BaselineRounds} times ...");
        await InboxLoad.RunAsync($"{baselineUrl}/inbox", warmup, settings.Connections, sendHost: false);
        var baselineRounds = new List<LoadOutcome>();
        for (var round = 0; round < BaselineRounds; round++)
        {
            baselineRounds.Add(await InboxLoad.RunAsync($"{baselineUrl}/inbox", measured, settings.Connections, sendHost: false));
        }
        // A batch takes the bare endpoint a fraction of a second, so one burst of other work can decide it: the median of several.
        var baselineOutcome = baselineRounds.OrderBy(r => r.RequestsPerSecond).ElementAt(BaselineRounds / 2);
        output.WriteLine($"  {baselineOutcome.RequestsPerSecond:N0} requests/s (median; {string.Join(", ", baselineRounds.Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))})");

        output.WriteLine($"Warm-up: {warmupCount:N0} activities to Starling ...");
        var warm = await InboxLoad.RunAsync(inboxUrl, warmup, settings.Connections, sendHost: true);
        Check(warm, "warm-up");
        if (!acceptOnly)
        {
            await WaitForStatusesAsync(server, warmupCount, TimeSpan.FromMinutes(5));
            await WaitForJobsAsync(server, TimeSpan.FromMinutes(5));
        }

        output.WriteLine($"Measuring: {count:N0} activities at {settings.Connections} connections ...");
        var cpuBefore = server.Process.ReadCpuTime();
        var started = Stopwatch.GetTimestamp();
        var accepted = await InboxLoad.RunAsync(inboxUrl, measured, settings.Connections, sendHost: true);
        output.WriteLine($"  accepted {accepted.Accepted:N0} in {accepted.Elapsed.TotalSeconds:F1} s: {accepted.AcceptedPerSecond:N0}/s");
        var cpuAccepting = server.Process.ReadCpuTime() - cpuBefore;
        Check(accepted, "measured");
        if (acceptOnly)
        {
            output.WriteLine($"  server CPU: {cpuAccepting.TotalMilliseconds / count:F2} ms per activity accepted (job workers off)");
            return new InboxResult(settings.Actors, count, settings.Connections, baselineOutcome, accepted, accepted.Elapsed, accepted.Elapsed, 0, 0,
                server.Process.ReadMemory(), signTime, loadAverage, cpuAccepting, cpuAccepting);
        }
        await WaitForStatusesAsync(server, warmupCount + count, TimeSpan.FromMinutes(10));
        var processedAfter = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"  processed {count:N0} in {processedAfter.TotalSeconds:F1} s: {count / processedAfter.TotalSeconds:N0}/s");
        // What the stored posts set off (home feed fan-out) runs as jobs of its own; the queue is empty when all is done.
        await WaitForJobsAsync(server, TimeSpan.FromMinutes(10));
        var drainedAfter = Stopwatch.GetElapsedTime(started);
        var cpuAll = server.Process.ReadCpuTime() - cpuBefore;
        output.WriteLine($"  server CPU: {cpuAccepting.TotalMilliseconds / count:F2} ms per activity while accepting, {cpuAll.TotalMilliseconds / count:F2} ms per activity in all");
        output.WriteLine($"  job queue drained after {drainedAfter.TotalSeconds:F1} s: {count / drainedAfter.TotalSeconds:N0}/s");
        var (statuses, feed) = await server.WithDbAsync(async db => (await db.Statuses.CountAsync(), await db.HomeFeed.CountAsync()));
        return new InboxResult(settings.Actors, count, settings.Connections, baselineOutcome, accepted, processedAfter, drainedAfter, statuses, feed,
            server.Process.ReadMemory(), signTime, loadAverage, cpuAccepting, cpuAll);
    }

    private static void Check(LoadOutcome outcome, string what)
    {
        if (outcome.Accepted != outcome.Sent)
        {
            throw new InvalidOperationException($"The {what} batch: {outcome.Accepted} of {outcome.Sent} accepted; other answers " +
                $"{string.Join(", ", outcome.OtherStatuses.Select(p => $"{p.Key}×{p.Value}"))}, {outcome.Failures} failed; see server-inbox.log.");
        }
    }

    private const int BaselineRounds = 5;

    private static async Task WaitForJobsAsync(FederationServer server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await server.WithDbAsync(db => db.Jobs.AnyAsync(j => j.State != Starling.Server.Data.Entities.JobState.Parked)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The job queue was not drained within {timeout.TotalMinutes:F0} minutes; see server-inbox.log.");
            }
            await Task.Delay(50);
        }
    }

    private static async Task WaitForStatusesAsync(FederationServer server, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await server.WithDbAsync(db => db.Statuses.CountAsync()) < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                var stored = await server.WithDbAsync(db => db.Statuses.CountAsync());
                throw new TimeoutException($"Only {stored} of {expected} posts were stored within {timeout.TotalMinutes:F0} minutes; see server-inbox.log.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Activities numbered from <paramref name="first"/>, spread round-robin over the actors, each signed as its actor.</summary>
    private static async Task<SignedPost[]> SignAsync(FederationSeed seed, string inboxUrl, int first, int count)
    {
        var signer = new DraftCavageSigner(TimeProvider.System);
        var posts = new SignedPost[count];
        var actors = seed.Remotes.Count;
        await Parallel.ForEachAsync(Enumerable.Range(0, actors), async (a, cancellationToken) =>
        {
            var actor = seed.Remotes[a];
            using var key = new HttpSigningKey(actor.KeyId, actor.Key!.PrivateKeyPem);
            for (var i = a; i < count; i += actors)
            {
                var n = first + i;
                var noteId = $"{actor.Uri}/statuses/{n}";
                var create = new Create
                {
                    Id = $"{noteId}/activity",
                    Actor = actor.Uri,
                    To = [PublicCollection.Id],
                    Cc = [$"{actor.Uri}/followers"],
                    Published = DateTimeOffset.UtcNow,
                    Object = new Note
                    {
                        Id = noteId,
                        AttributedTo = actor.Uri,
                        Content = $"<p>Post number {n} from a remote actor of the inbox benchmark, long enough to look like a real one: a sentence or two about the weather.</p>",
                        To = [PublicCollection.Id],
                        Cc = [$"{actor.Uri}/followers"],
                        Published = DateTimeOffset.UtcNow,
                        Url = noteId,
                    },
                };
                var body = System.Text.Encoding.UTF8.GetBytes(ActivityStreamsJson.Serialize(create));
                using var request = new HttpRequestMessage(HttpMethod.Post, inboxUrl) { Content = new ByteArrayContent(body) };
                await signer.SignAsync(request, key, cancellationToken);
                posts[i] = new SignedPost(body, request.Headers.Host!, Header(request, "Date"), Header(request, "Digest"), Header(request, "Signature"));
            }
        });
        return posts;
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new InvalidOperationException($"The signer set no {name} header.");
}
