using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages;

/// <summary>
/// Where status codes re-execute to. The request keeps its method (a failed form post arrives as a POST),
/// so every method renders, and there is no token to check here.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : AppPageModel
{
    public int Code { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    /// <summary>The use case's own words, when a refusal brought us here.</summary>
    public string? Message { get; private set; }

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted)
        {
            Response.StatusCode = Code;
        }
        Message = HttpContext.Features.Get<DomainProblemFeature>()?.Problem.Message;
        (Heading, Explanation) = Code switch
        {
            400 => ("That request did not make sense", "Something in the request was missing or malformed. Go back, reload the page and try again."),
            401 => ("Please sign in", "You need to sign in to see this."),
            403 => ("Not allowed", "You are not allowed to do that."),
            404 => ("Not found", "There is nothing here. It may have been deleted, or the link may be mistyped."),
            405 => ("Not allowed", "That page cannot be used this way."),
            422 => ("That did not work", "The request could not be carried out. Nothing was changed."),
            429 => ("Slow down", "Too many requests in a short time. Wait a moment and try again."),
            >= 500 => ("Something went wrong", "The server ran into a problem. It has been logged; try again in a moment."),
            _ => ("Something went wrong", "The request could not be completed."),
        };
    }
}
