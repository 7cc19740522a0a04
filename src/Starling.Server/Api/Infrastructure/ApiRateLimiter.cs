using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// The server's request limits, counted by <see cref="RateLimitMiddleware"/> for every request. Each request counts against fixed
/// windows aligned to the clock (so <c>X-RateLimit-Reset</c> is exact): every API request per token (per address
/// without one), plus stricter windows for sign-ups and sign-ins per address and media uploads per token. The limiting
/// window's numbers go out as <c>X-RateLimit-Limit/Remaining/Reset</c>, as Mastodon sends them.
/// </summary>
public sealed class ApiRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _acquisitions;

    public ApiRateLimiter(IOptions<StarlingOptions> options, TimeProvider time)
    {
        _options = options.Value.RateLimits;
        _time = time;
    }

    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";

    private sealed class Window
    {
        public long Start;
        public int Count;
    }

    private readonly record struct Bucket(string Name, RateLimit Limit, string Key);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }

    private static readonly Lease Allowed = new(true, null);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!_options.Enabled || IsExempt(resource))
        {
            return Allowed;
        }
        var buckets = Classify(resource);
        return buckets.Count == 0 ? Allowed : Count(resource, buckets);
    }

    /// <summary>
    /// Counts one request against a limit that a path cannot tell, such as the password grant of <c>/oauth/token</c>;
    /// false (with the headers set) when the caller must be refused.
    /// </summary>
    public bool TryCountLogin(HttpContext context) =>
        !_options.Enabled || IsExempt(context) || Count(context, [new Bucket("login", _options.Login, ClientAddress(context))]).IsAcquired;

    private RateLimitLease Count(HttpContext context, List<Bucket> buckets)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _acquisitions) % 4096 == 0)
        {
            Sweep(now);
        }
        // The last bucket is the most specific (sign-up, login, media); its numbers are the ones reported.
        for (var i = buckets.Count - 1; i >= 0; i--)
        {
            var bucket = buckets[i];
            var window = _windows.GetOrAdd(bucket.Name + ":" + bucket.Key, static _ => new Window());
            var windowTicks = bucket.Limit.Window.Ticks;
            var start = now.UtcTicks - now.UtcTicks % windowTicks;
            int used;
            lock (window)
            {
                if (window.Start != start)
                {
                    window.Start = start;
                    window.Count = 0;
                }
                used = window.Count < bucket.Limit.Requests ? ++window.Count : -1;
            }
            var reset = new DateTimeOffset(start + windowTicks, TimeSpan.Zero);
            if (used < 0)
            {
                SetHeaders(context, bucket.Limit.Requests, 0, reset);
                return new Lease(false, reset - now);
            }
            if (i == buckets.Count - 1)
            {
                SetHeaders(context, bucket.Limit.Requests, bucket.Limit.Requests - used, reset);
            }
        }
        return Allowed;
    }

    private List<Bucket> Classify(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        var post = HttpMethods.IsPost(request.Method);
        var buckets = new List<Bucket>(2);
        if (ApiPaths.IsApi(path) && !HttpMethods.IsOptions(request.Method))
        {
            var token = ApiAuthentication.Token(context);
            buckets.Add(new Bucket("api", _options.Api, token is { } found ? "token:" + found.Key : ClientAddress(context)));
        }
        if (post && (path.Equals("/api/v1/accounts", StringComparison.OrdinalIgnoreCase) || path.Equals("/auth/sign_up", StringComparison.OrdinalIgnoreCase)))
        {
            buckets.Add(new Bucket("sign_up", _options.SignUp, ClientAddress(context)));
        }
        else if (post && path.Equals("/auth/sign_in", StringComparison.OrdinalIgnoreCase))
        {
            buckets.Add(new Bucket("login", _options.Login, ClientAddress(context)));
        }
        else if (post && (path.Equals("/api/v1/media", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/v2/media", StringComparison.OrdinalIgnoreCase)))
        {
            buckets.Add(new Bucket("media", _options.Media, buckets.Count > 0 ? buckets[0].Key : ClientAddress(context)));
        }
        else if (post && IsInbox(path))
        {
            buckets.Add(new Bucket("inbox", _options.Inbox, ClientAddress(context)));
        }
        return buckets;
    }

    /// <summary><c>/inbox</c> or <c>/users/{name}/inbox</c>.</summary>
    private static bool IsInbox(PathString path)
    {
        var value = path.Value ?? "";
        if (value.Equals("/inbox", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 3 && segments[0].Equals("users", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("inbox", StringComparison.OrdinalIgnoreCase);
    }

    private bool IsExempt(HttpContext context) =>
        _options.ExemptLoopback && context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    private static string ClientAddress(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static void SetHeaders(HttpContext context, int limit, int remaining, DateTimeOffset reset)
    {
        var headers = context.Response.Headers;
        headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[ResetHeader] = reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Drops windows that ended, so a stream of one-off addresses does not grow memory.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var longest = _options.All.Max(l => l.Limit.Window.Ticks);
        foreach (var (key, window) in _windows)
        {
            if (now.UtcTicks - window.Start > longest)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }
}
