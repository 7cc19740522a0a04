using Microsoft.Net.Http.Headers;
using Starling.ActivityPub;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// Reads what a request's <c>Accept</c> header asks for: an ActivityStreams document (<c>application/activity+json</c>,
/// <c>application/ld+json</c> with or without the ActivityStreams profile) or a web page. Quality values count, so
/// Mastodon's <c>application/activity+json, ..., text/html;q=0.1</c> asks for the document and a browser's
/// <c>text/html, ..., */*;q=0.8</c> for the page; wildcards decide nothing.
/// </summary>
public static class ActivityStreamsAccept
{
    /// <summary>True when ActivityStreams is named, and at least as strongly as HTML: such a request gets the document.</summary>
    public static bool PrefersActivityStreams(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        // Most requests are browsers' and never mention JSON: they are answered without parsing anything.
        if (!Mentions(accept, "json"))
        {
            return false;
        }
        var (activityStreams, html, _) = Weigh(accept);
        return activityStreams > 0 && activityStreams >= html;
    }

    /// <summary>True when HTML is named more strongly than any JSON type: a browser, which gets the web page instead.</summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (!Mentions(accept, "html"))
        {
            return false;
        }
        var (activityStreams, html, json) = Weigh(accept);
        return html > 0 && html > activityStreams && html > json;
    }

    private static bool Mentions(Microsoft.Extensions.Primitives.StringValues accept, string word)
    {
        foreach (var value in accept)
        {
            if (value is not null && value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static (double ActivityStreams, double Html, double Json) Weigh(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return (0, 0, 0);
        }
        double activityStreams = 0, html = 0, json = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1;
            var name = type.MediaType;
            if (name.Equals(ActivityStreamsMediaTypes.Activity, StringComparison.OrdinalIgnoreCase)
                || name.Equals(ActivityStreamsMediaTypes.LdJson, StringComparison.OrdinalIgnoreCase))
            {
                activityStreams = Math.Max(activityStreams, quality);
            }
            else if (name.Equals("text/html", StringComparison.OrdinalIgnoreCase) || name.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (name.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
        }
        return (activityStreams, html, json);
    }
}
