using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Starling.Server.Features.Common;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// On API paths every failure is JSON in Mastodon's shape: use case refusals, malformed input, unknown routes, and
/// bare status codes that no endpoint explained. The web UI's HTML error pages never answer an API request.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
        try
        {
            await next(context);
        }
        catch (DomainException problem) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, ApiErrors.StatusCodeFor(problem.Kind), problem.Message);
            return;
        }
        catch (ApiException problem) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, problem.StatusCode, problem.Message, problem.Description);
            return;
        }
        catch (BadHttpRequestException problem) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, problem.StatusCode, problem.Message);
            return;
        }
        catch (JsonException problem) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON", problem.Message);
            return;
        }
        catch (Exception problem) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(problem, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, ApiErrors.DefaultMessage(500));
            return;
        }
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null
            && string.IsNullOrEmpty(context.Response.ContentType))
        {
            await ApiErrors.WriteAsync(context, context.Response.StatusCode, ApiErrors.DefaultMessage(context.Response.StatusCode));
        }
    }
}
