using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Starling.Server.Features.Common;

namespace Starling.Server.Web.Infrastructure;

/// <summary>The message of a use case's refusal, kept for the error page the status code re-executes to.</summary>
public sealed record DomainProblemFeature(DomainException Problem);

/// <summary>
/// The one place a <see cref="DomainException"/> from a page becomes a response: the page shown again with the message
/// beside its form when it can (a failed form post), otherwise the error page with the message; always with the 4xx status
/// that matches the kind of refusal.
/// </summary>
public sealed class DomainProblemFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not DomainException problem || executed.ExceptionHandled)
        {
            return;
        }
        executed.ExceptionHandled = true;
        var status = StatusCodeFor(problem.Kind);
        var http = context.HttpContext;
        if (executed.HandlerInstance is AppPageModel page && !HttpMethods.IsGet(http.Request.Method) && !IsFetch(http.Request))
        {
            page.Problem = problem;
            if (await page.PrepareProblemPageAsync(http.RequestAborted))
            {
                executed.Result = new PageResult { StatusCode = status };
                return;
            }
        }
        if (IsFetch(http.Request))
        {
            executed.Result = new ContentResult { StatusCode = status, Content = problem.Message, ContentType = "text/plain; charset=utf-8" };
            return;
        }
        http.Features.Set(new DomainProblemFeature(problem));
        executed.Result = new StatusCodeResult(status);
    }

    public static int StatusCodeFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>A request from js/app.js that wants a fragment of HTML back rather than a whole page.</summary>
    public static bool IsFetch(HttpRequest request) => request.Headers["X-Requested-With"] == "fetch";
}
