using System.Globalization;
using Starling.Server.Infrastructure;

namespace Starling.Server.Api.ActivityPub;

/// <summary>The web page a browser is sent to when it opens an ActivityPub address (<c>/users/alice</c> -> <c>/@alice</c>).</summary>
public sealed class BrowserPageMetadata(Func<RouteValueDictionary, LocalUrls, string> page)
{
    public string PageFor(RouteValueDictionary route, LocalUrls urls) => page(route, urls);
}

/// <summary>Reads the route values the document endpoints share.</summary>
public static class DocumentRouteValues
{
    public static string Username(this RouteValueDictionary route) =>
        Convert.ToString(route["username"], CultureInfo.InvariantCulture) ?? "";

    public static long StatusId(this RouteValueDictionary route) =>
        long.Parse(Convert.ToString(route["id"], CultureInfo.InvariantCulture) ?? "0", CultureInfo.InvariantCulture);
}

/// <summary>
/// Runs before every document endpoint (see <see cref="ActivityPubEndpoints.MapActivityPubDocuments"/>): documents may be
/// read from any origin, as Mastodon allows; a browser that opens an ActivityPub address is sent to its web page
/// before anything else is checked (signatures included, once authorized fetch exists); and answers that depend on
/// <c>Accept</c> say so.
/// </summary>
public sealed class ActivityPubDocumentFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<ActivityStreamsAlternateMetadata>() is not null)
        {
            ActivityStreamsResults.VaryByAccept(http.Response);
        }
        if (metadata?.GetMetadata<BrowserPageMetadata>() is { } page)
        {
            ActivityStreamsResults.VaryByAccept(http.Response);
            if (ActivityStreamsAccept.PrefersHtml(http.Request))
            {
                return Results.Redirect(page.PageFor(http.Request.RouteValues, http.RequestServices.GetRequiredService<LocalUrls>()));
            }
        }
        return await next(context);
    }
}
