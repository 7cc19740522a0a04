using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Starling.Server.Api.ActivityPub;
using Starling.Server.Infrastructure.Caching;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Caching;

/// <summary>
/// Keeps the rendered timeline pages (home, local) per reader for a short while, as Mastodon keeps rendered
/// statuses. Staleness is bounded twice: writes evict the pages built from what they touched (<see cref="ResponseCacheEviction"/>),
/// and every page expires after <c>Starling:PageCacheSeconds</c> anyway, for relative times and for writes made on other nodes.
/// </summary>
public sealed class TimelinePageCachePolicy : IOutputCachePolicy
{
    public const string Name = "timeline-page";

    private static readonly string TempDataCookie = CookieTempDataProvider.CookieName;
    private const string GenerationItem = "starling:page-cache-generation";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = http.RequestServices.GetRequiredService<IOptions<StarlingOptions>>().Value.PageCacheSeconds;
        var request = http.Request;
        // A flash message waiting in TempData must be shown (and its cookie cleared) by a real rendering; a server asking
        // for ActivityStreams is never handed a cached page (nor is its answer kept for browsers).
        var cacheable = seconds > 0
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Cookies.ContainsKey(TempDataCookie)
            && !ActivityStreamsAccept.PrefersActivityStreams(request);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds);
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(ResponseCacheTags.AllPages);
        var reader = CurrentViewer.AccountIdOf(http.User);
        if (reader is { } readerId)
        {
            context.CacheVaryByRules.VaryByValues["reader"] = readerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A signed-in page carries anti-forgery tokens bound to this browser's anti-forgery cookie.
            context.CacheVaryByRules.VaryByValues["forms"] = FormsKey(request.Cookies[WebSetup.AntiforgeryCookie]);
            context.Tags.Add(ResponseCacheTags.Reader(readerId));
        }
        http.Items[GenerationItem] = http.RequestServices.GetRequiredService<ResponseCacheEviction>().Generation;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var response = http.Response;
        // Only a plain page: no redirect or error, no cookie being set (a renewed session, a new anti-forgery
        // cookie), and nothing evicted while it was being built, which it might have read before the write committed.
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Count > 0
            || http.Items[GenerationItem] is not long generation
            || generation != http.RequestServices.GetRequiredService<ResponseCacheEviction>().Generation)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    private static string FormsKey(string? antiforgeryCookie) =>
        antiforgeryCookie is null ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(antiforgeryCookie)));
}
