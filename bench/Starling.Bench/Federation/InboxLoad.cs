using System.Diagnostics;
using System.Net.Http.Headers;
using Starling.ActivityPub;

namespace Starling.Bench.Federation;

/// <summary>A POST the inbox benchmark sends: signed beforehand, so the load client spends no CPU on signatures while measuring.</summary>
public sealed record SignedPost(byte[] Body, string Host, string Date, string Digest, string Signature);

/// <summary>The answer counts and timings of one batch of POSTs.</summary>
public sealed record LoadOutcome(int Sent, int Accepted, IReadOnlyDictionary<int, int> OtherStatuses, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double AcceptedPerSecond => Accepted / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Sent / Elapsed.TotalSeconds;
}

/// <summary>
/// Sends a batch of pre-signed POSTs with a fixed number of keep-alive connections, each connection sending its next
/// request as soon as the last was answered, as wrk does for GETs.
/// </summary>
public static class InboxLoad
{
    public static async Task<LoadOutcome> RunAsync(string url, IReadOnlyList<SignedPost> posts, int connections, bool sendHost)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var target = new Uri(url);
        var latencies = new double[posts.Count];
        var statuses = new int[posts.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < posts.Count)
            {
                var post = posts[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(post.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(ActivityStreamsMediaTypes.Activity);
                if (sendHost)
                {
                    request.Headers.Host = post.Host;
                }
                request.Headers.TryAddWithoutValidation("Date", post.Date);
                request.Headers.TryAddWithoutValidation("Digest", post.Digest);
                request.Headers.TryAddWithoutValidation("Signature", post.Signature);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    statuses[i] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[i] = -1;
                }
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        }).ToList();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        var others = statuses.Where(s => s is not 202 and > 0).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return new LoadOutcome(posts.Count, statuses.Count(s => s == 202), others, statuses.Count(s => s < 0), elapsed,
            latencies[latencies.Length / 2], latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))]);
    }
}
