using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Starling.Server.Api.Infrastructure;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// OpenIddict reads token and revocation requests from a form body only; Mastodon also takes JSON, multipart and
/// query parameters. Such requests are rewritten into the equivalent form body before OpenIddict sees them.
/// </summary>
public sealed class OAuthBodyNormalizer(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && ApiPaths.IsOAuthBackchannel(request.Path)
            && (!IsUrlEncodedForm(request.ContentType) || request.QueryString.HasValue))
        {
            var parameters = await ApiParameters.ReadAsync(context);
            var body = new StringBuilder();
            foreach (var (key, value) in parameters.ToFormFields())
            {
                body.Append(body.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            }
            var bytes = Encoding.UTF8.GetBytes(body.ToString());
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = "application/x-www-form-urlencoded";
            request.QueryString = QueryString.Empty;
            // The form read above (multipart, or a form plus query) is stale now; let the next reader parse the new body.
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(null);
        }
        await next(context);
    }

    private static bool IsUrlEncodedForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
