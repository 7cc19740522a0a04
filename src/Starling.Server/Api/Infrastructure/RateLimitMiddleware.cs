using System.Globalization;
using System.Threading.RateLimiting;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// Counts every request against <see cref="ApiRateLimiter"/> and answers 429 when a window is full. ASP.NET Core's own
/// rate-limiting middleware would do the same, but it also makes a limiter for per-endpoint policies, which Starling has
/// none of, and never disposes it: that limiter's timer wakes ten times a second for as long as the process lives, and
/// holds whatever the starting host's context held.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, ApiRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        // The API answers in its JSON shape; the web UI's pages get the status alone and show their error page.
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (ApiPaths.IsApi(context.Request.Path))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, ApiErrors.TooManyRequests);
        }
    }
}
