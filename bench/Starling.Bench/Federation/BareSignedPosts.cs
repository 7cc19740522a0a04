using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Starling.ActivityPub;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

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
/// (the protocol library's <see cref="DraftCavageSigner"/>, <c>application/activity+json</c>), and sending it through
/// the server's own <see cref="FederationHttpClient"/> with its pooled keep-alive connections. No queue, no database,
/// no bookkeeping: the rate a delivery system could reach on this machine, with the sink sharing its cores.
/// </summary>
public static class BareSignedPosts
{
    public const int MeasuredPasses = 3;

    // As the server's delivery runner reads answers.
    private const long MaxAnswerBytes = 64 * 1024;

    /// <param name="inboxUrls">The followers' inboxes, as the server delivers to them; the yardstick's POSTs go to the sink's marked copies.</param>
    /// <param name="keyId">A key id shaped like the server's (<c>{actor}#main-key</c>); the sink does not fetch it.</param>
    /// <param name="publicUrl">The server's, so the client names itself as the server's does.</param>
    public static async Task<BareSignedPostsResult> MeasureAsync(DeliverySink sink, IReadOnlyList<string> inboxUrls, string keyId, string publicUrl,
        int workers, int bodyBytes, TextWriter output)
    {
        var targets = inboxUrls.Select(DeliverySink.YardstickUrl).ToArray();
        var body = Body(keyId[..keyId.IndexOf('#', StringComparison.Ordinal)], bodyBytes);
        var pem = RsaKeyPair.Generate().PrivateKeyPem;
        var keys = Enumerable.Range(0, workers).Select(_ => new HttpSigningKey(keyId, pem)).ToArray();
        try
        {
            // The server's own client and handler (its connector allows loopback here, as the benchmark's server is told to).
            var options = Microsoft.Extensions.Options.Options.Create(new StarlingOptions
            {
                PublicUrl = publicUrl,
                Federation = new FederationOptions { AllowPrivateAddresses = true },
            });
            using var client = new FederationHttpClient(new FederationHttpHandlerFactory(options), options);
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

    private static async Task<BarePass> PassAsync(DeliverySink sink, FederationHttpClient client, DraftCavageSigner signer, HttpSigningKey[] keys, string[] targets,
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
                var response = await client.SendAsync(request, MaxAnswerBytes);
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
