using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Starling.Server.Web.Infrastructure;

/// <summary>Turns the framework's bare 400 for a missing or stale anti-forgery token into a page that says what to do.</summary>
public sealed class FriendlyAntiforgeryFailure : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/html; charset=utf-8",
                Content = """
                    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form expired · Starling</title>
                    <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/css/site.css"></head>
                    <body><main class="error-page"><h1>This form has expired</h1>
                    <p>The form was missing its security token, or it was opened too long ago. Nothing was saved.
                    Go back, reload the page and try again.</p><p><a href="/">Go to the home page</a></p></main></body></html>
                    """,
            };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
