using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.Server.Api.ActivityPub;

/// <summary>
/// The answers of the document endpoints: documents as <c>application/activity+json; charset=utf-8</c>, and refusals as
/// Mastodon gives them to JSON clients (<c>{"error": "Not Found"}</c>), always with a body, so the web UI's error
/// pages never answer a server.
/// </summary>
public static class ActivityStreamsResults
{
    public const string ContentType = "application/activity+json; charset=utf-8";

    public static IResult Document(ActivityObject document) => new DocumentResult(document, StatusCodes.Status200OK);

    /// <summary>410 Gone with what is left of a deleted object.</summary>
    public static IResult Gone(Tombstone tombstone) => new DocumentResult(tombstone, StatusCodes.Status410Gone);

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not Found");

    /// <summary>What Mastodon answers about a suspended account's posts and collections (it keeps 410 for accounts that are gone).</summary>
    public static IResult Forbidden() => Error(StatusCodes.Status403Forbidden, "This action is not allowed");

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Error(int statusCode, string message) =>
        Results.Text(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }), "application/json; charset=utf-8", statusCode: statusCode);

    /// <summary>Says that the answer depends on the <c>Accept</c> header (once, however many parts say it).</summary>
    public static void VaryByAccept(HttpResponse response)
    {
        var vary = response.Headers.Vary;
        foreach (var value in vary)
        {
            if (value is not null && value.Split(',', StringSplitOptions.TrimEntries).Contains(HeaderNames.Accept, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }
        }
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
    }

    private sealed class DocumentResult(ActivityObject document, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = ContentType;
            var body = ActivityStreamsJson.SerializeToUtf8Bytes(document);
            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }
}
