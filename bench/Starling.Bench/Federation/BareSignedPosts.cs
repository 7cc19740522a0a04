using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Starling.ActivityPub;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;

namespace Starling.Bench.Federation;

/// <summary>One pass of the bare yardstick: a signed POST to every follower's inbox.</summary>
/// <param name="ToFirst">From the start to the first answer.</param>
/// <param name="ToLast">From the start to the last answer.</param>
/// <param name="ProcessCpu">CPU time the benchmark's process used in the pass: the signing client and the sink together.</param>
public sealed record BarePass(int Number, bool Warmup, int Count, TimeSpan ToFirst, TimeSpan ToLast, TimeSpan ProcessCpu)
{
    public double DeliveriesPerSecond => Count / ToLast.TotalSeconds;
}

public sealed record BareSignedPostsResult(int Workers, int BodyBytes, IReadOnlyList<BarePass> Passes)
{
    public IReadOnlyList<BarePass> Measured => [.. Passes.Where(p => !p.Warmup)];

    /// <summary>The measured pass with the median rate.</summary>
    public BarePass Median => Measured.OrderBy(p => p.ToLast).ElementAt(Measured.Count / 2);

    public double DeliveriesPerSecond => Median.DeliveriesPerSecond;
}

/// <summary>
/// The delivery benchmark's second yardstick: what delivering costs with nothing of a server around it. The benchmark's
/// process signs and POSTs one activity to each follower's inbox on the sink, with as many concurrent workers as the
/// server has delivery workers, each with a key of its own, building each request as the server's delivery runner does
/// (the protocol library's <see cref="DraftCavageSigner"/>, <c>application/activity+json</c>, one pooled keep-alive
/// connection per host). No queue, no database, no bookkeeping: the rate a delivery system could reach on this
/// machine, with the sink sharing its cores.
/// </summary>
public static class BareSignedPosts
{
    public const int MeasuredPasses = 3;

    /// <param name="inboxUrls">The followers' inboxes, as the server delivers to them; the yardstick's POSTs go to the sink's marked copies.</param>
    /// <param name="keyId">A key id shaped like the server's (<c>{actor}#main-key</c>); the sink does not fetch it.</param>
    /// <param name="userAgent">Sent as the server sends its own, so the requests carry the same headers.</param>
    public static async Task<BareSignedPostsResult> MeasureAsync(DeliverySink sink, IReadOnlyList<string> inboxUrls, string keyId, string userAgent,
        int workers, int bodyBytes, TextWriter output)
    {
        var targets = inboxUrls.Select(DeliverySink.YardstickUrl).ToArray();
        var body = Body(keyId[..keyId.IndexOf('#', StringComparison.Ordinal)], bodyBytes);
        var pem = RsaKeyPair.Generate().PrivateKeyPem;
        var keys = Enumerable.Range(0, workers).Select(_ => new HttpSigningKey(keyId, pem)).ToArray();
        try
        {
            // As the server's federation handler, less the address checks: the sink is on loopback.
            using var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 16,
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
            var signer = new DraftCavageSigner(TimeProvider.System);
            var passes = new List<BarePass>();
            for (var pass = 0; pass <= MeasuredPasses; pass++)
            {
                var warmup = pass == 0;
                var result = await PassAsync(sink, client, signer, keys, targets, body, warmup ? 1 : pass, warmup);
                passes.Add(result);
                output.WriteLine($"  bare pass {(warmup ? "(warm-up: opens the connections)" : result.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))}: " +
                    $"{targets.Length} after {result.ToLast.TotalMilliseconds:F0} ms: {result.DeliveriesPerSecond:N0} deliveries/s; " +
                    $"process CPU {result.ProcessCpu.TotalMilliseconds / targets.Length:F2} ms per delivery");
            }
            return new BareSignedPostsResult(workers, body.Length, passes);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    private static async Task<BarePass> PassAsync(DeliverySink sink, HttpClient client, DraftCavageSigner signer, HttpSigningKey[] keys, string[] targets,
        byte[] body, int number, bool warmup)
    {
        var before = sink.YardstickReceived;
        var next = -1;
        var failures = 0;
        long first = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var workers = keys.Select(key => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < targets.Length)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, targets[i]) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(ActivityStreamsMediaTypes.Activity);
                request.Headers.Accept.ParseAdd(ActivityStreamsMediaTypes.Activity);
                await signer.SignAsync(request, key);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.CompareExchange(ref first, Stopwatch.GetTimestamp(), 0);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var toLast = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var received = sink.YardstickReceived - before;
        if (failures > 0 || received != targets.Length)
        {
            throw new InvalidOperationException($"A bare pass: {failures} POSTs were not answered 202, and the sink counted {received} of {targets.Length}.");
        }
        return new BarePass(number, warmup, targets.Length, Stopwatch.GetElapsedTime(started, first), toLast, cpu);
    }

    /// <summary>The <c>User-Agent</c> the server at <paramref name="publicUrl"/> sends, made from the same assembly's version.</summary>
    public static string ServerUserAgent(string publicUrl)
    {
        var informational = typeof(Starling.Server.Infrastructure.Http.FederationHttpClient).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return $"Starling/{(plus < 0 ? informational : informational[..plus])} (+{publicUrl.TrimEnd('/')})";
    }

    /// <summary>A public <c>Create(Note)</c> of exactly <paramref name="bytes"/> bytes of JSON (or the smallest such, if that is fewer).</summary>
    private static byte[] Body(string actor, int bytes)
    {
        var published = DateTimeOffset.UtcNow;
        byte[] Serialize(string content) => ActivityStreamsJson.SerializeToUtf8Bytes(new Create
        {
            Id = $"{actor}/statuses/1/activity",
            Actor = actor,
            To = [PublicCollection.Id],
            Cc = [$"{actor}/followers"],
            Published = published,
            Object = new Note
            {
                Id = $"{actor}/statuses/1",
                AttributedTo = actor,
                Content = content,
                To = [PublicCollection.Id],
                Cc = [$"{actor}/followers"],
                Published = published,
                Url = $"{actor}/statuses/1",
            },
        });
        // Plain ASCII letters are written as they are, one byte each, so the padding makes the length exact.
        var shortest = Serialize("").Length;
        return Serialize(new string('x', Math.Max(0, bytes - shortest)));
    }
}
