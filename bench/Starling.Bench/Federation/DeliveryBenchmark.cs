using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Starling.Bench.Running;

namespace Starling.Bench.Federation;

/// <summary>One post's fan-out: from the API call to the last follower's server receiving it.</summary>
/// <param name="Number">Counted from 1 among the warm-up posts, or among the measured ones.</param>
/// <param name="Warmup">A post before the measured ones; the first finds the server's delivery path not yet compiled, and no connection to any follower's server open.</param>
/// <param name="ServerCpu">CPU time the server used from the API call to the last delivery's arrival.</param>
public sealed record DeliveryRound(int Number, bool Warmup, TimeSpan ToFirst, TimeSpan ToLast, TimeSpan ServerCpu)
{
    /// <param name="count">The followers' servers reached, which the round waited for.</param>
    public double DeliveriesPerSecond(int count) => count / ToLast.TotalSeconds;
}

public sealed record DeliveryResult(int Followers, int Concurrency, double SignaturesPerSecond, double SignatureCpuMs, IReadOnlyList<DeliveryRound> Rounds, int Unsigned,
    BareSignedPostsResult Bare, MemoryReading ServerMemory, TimeSpan SeedTime, string LoadAverageBefore)
{
    public IReadOnlyList<DeliveryRound> Measured => [.. Rounds.Where(r => !r.Warmup)];

    /// <summary>The measured round with the median rate.</summary>
    public DeliveryRound Median => Measured.OrderBy(r => r.ToLast).ElementAt(Measured.Count / 2);

    public double Share => Median.DeliveriesPerSecond(Followers) / SignaturesPerSecond;

    /// <summary>The median round's rate as a share of the bare signed POSTs' median rate.</summary>
    public double ShareOfBare => Median.DeliveriesPerSecond(Followers) / Bare.DeliveriesPerSecond;
}

/// <summary>
/// One local account followed from <see cref="BenchSettings.Followers"/> remote accounts, each on a server of its own
/// (the sink's loopback hosts, no shared inbox), posts through the client API; the real server's outbox, expansion and
/// delivery workers send it. Measured: deliveries per second from the API call to the last POST received, against the
/// RSA signatures per second the machine makes on as many threads as the server's delivery workers, and against the
/// deliveries per second of <see cref="BareSignedPosts"/>, the same signer and sink with no server around them.
/// </summary>
public sealed class DeliveryBenchmark(BenchSettings settings, TextWriter output)
{
    public async Task<DeliveryResult> RunAsync(string resultsDirectory)
    {
        var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        var followers = settings.Followers;
        if (settings.Rounds < 1 || settings.DeliveryWarmup < 0)
        {
            throw new ArgumentException("The delivery benchmark needs --rounds of at least 1 and --delivery-warmup of at least 0.");
        }
        var warmups = settings.DeliveryWarmup;
        var posts = warmups + settings.Rounds;
        await using var sink = await DeliverySink.StartAsync(followers, followers * posts);
        await using var server = await FederationServer.CreateAsync(settings, "delivery");
        var seed = await server.SeedAsync(followers, sink.Origin, remotesFollowLocal: true, localFollowsRemotes: false, withKeys: false);
        output.WriteLine($"Seeded one local account followed from {followers} remote accounts on {followers} hosts ({seed.Elapsed.TotalSeconds:F1} s).");
        await server.StartAsync(resultsDirectory, "server-delivery.log",
            new Dictionary<string, string> { ["Starling__Federation__DeliveryConcurrency"] = settings.DeliveryConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var api = new ApiSession(new Uri(server.PublicUrl));
        await api.SignInAsync(seed.Username, seed.Password, "read write");

        var concurrency = settings.DeliveryConcurrency;
        output.WriteLine($"Measuring RSA-2048 signatures on {concurrency} threads for {settings.DurationSeconds} s ...");
        var (signatures, cpuPerSignature) = SignatureRate.Measure(concurrency, TimeSpan.FromSeconds(settings.DurationSeconds));
        output.WriteLine($"  {signatures:N0} signatures/s, {cpuPerSignature.TotalMilliseconds:F2} ms CPU each");

        var results = new List<DeliveryRound>();
        for (var post = 0; post < posts; post++)
        {
            var warmup = post < warmups;
            var number = warmup ? post + 1 : post - warmups + 1;
            var before = sink.Received;
            var cpuBefore = server.Process.ReadCpuTime();
            var started = Stopwatch.GetTimestamp();
            await api.PostStatusAsync($"Benchmark post {post}: one post, {followers} followers on {followers} servers.");
            if (!await sink.WaitForAsync(before + followers, TimeSpan.FromMinutes(5)))
            {
                throw new TimeoutException($"Only {sink.Received - before} of {followers} deliveries arrived within 5 minutes; see server-delivery.log.");
            }
            var cpu = server.Process.ReadCpuTime() - cpuBefore;
            var result = new DeliveryRound(number, warmup,
                Stopwatch.GetElapsedTime(started, sink.ArrivalOf(before + 1)), Stopwatch.GetElapsedTime(started, sink.ArrivalOf(before + followers)), cpu);
            results.Add(result);
            output.WriteLine($"  {(warmup ? "warm-up post" : "measured post")} {number}: first delivery after {result.ToFirst.TotalMilliseconds:F0} ms, " +
                $"{followers} after {result.ToLast.TotalMilliseconds:F0} ms: {result.DeliveriesPerSecond(followers):N0} deliveries/s; " +
                $"server CPU {cpu.TotalMilliseconds / followers:F2} ms per delivery");
            // The server finishes its bookkeeping (deleting delivered rows) before the next post, so rounds do not overlap.
            await WaitUntilAsync(() => server.WithDbAsync(db => db.Deliveries.AnyAsync()).ContinueWith(t => !t.Result), TimeSpan.FromMinutes(1));
            await Task.Delay(500);
        }
        if (sink.Received != followers * posts)
        {
            throw new InvalidOperationException($"The sink received {sink.Received} POSTs; expected {followers * posts}: a follower got a post twice.");
        }
        var serverMemory = server.Process.ReadMemory();

        // After the server's rounds, with its deliveries done, so the two never share the machine.
        var bodyBytes = sink.FirstBodyBytes ?? throw new InvalidOperationException("The sink has no delivery to take the body size from.");
        output.WriteLine($"Bare signed POSTs of {bodyBytes:N0} bytes from the benchmark's process, {concurrency} workers, one to each of the {followers} inboxes per pass ...");
        var bare = await BareSignedPosts.MeasureAsync(sink, [.. seed.Remotes.Select(r => r.InboxUrl)], $"{server.PublicUrl}/users/{seed.Username}#main-key",
            server.PublicUrl, concurrency, bodyBytes, output);
        if (sink.Received != followers * posts)
        {
            throw new InvalidOperationException($"The sink received {sink.Received - followers * posts} POSTs from the server during the bare passes.");
        }
        return new DeliveryResult(followers, concurrency, signatures, cpuPerSignature.TotalMilliseconds, results, sink.Unsigned, bare, serverMemory, seed.Elapsed, loadAverage);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting after {timeout.TotalSeconds:F0} s.");
            }
            await Task.Delay(100);
        }
    }
}
