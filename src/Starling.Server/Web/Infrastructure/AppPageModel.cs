using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Starling.Server.Features.Common;

namespace Starling.Server.Web.Infrastructure;

/// <summary>
/// The base of every web page: knows the reader, redirects only to local addresses,
/// and holds the use case's refusal (<see cref="Problem"/>) so the page can show it beside its form.
/// </summary>
public abstract class AppPageModel : PageModel
{
    private CurrentViewer? _viewer;

    protected CurrentViewer Viewer => _viewer ??= HttpContext.RequestServices.GetRequiredService<CurrentViewer>();

    /// <summary>The signed-in account's id; pages that call this are behind authorisation.</summary>
    protected long ViewerId => Viewer.AccountId ?? throw new InvalidOperationException("This page requires a signed-in reader.");

    /// <summary>The signed-in account's id, or null for a visitor; for views.</summary>
    public long? ReaderId => Viewer.AccountId;

    /// <summary>Set by <see cref="DomainProblemFilter"/> when a handler's use case refused the request.</summary>
    public DomainException? Problem { get; set; }

    /// <summary>
    /// Called after a POST handler failed with a <see cref="DomainException"/>: load what the page shows and return true
    /// to render the page again (form values kept, message beside the form), or false to show the error page instead.
    /// </summary>
    public virtual Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>"true" for the input the problem names, so it can carry aria-invalid; null (no attribute) otherwise.</summary>
    public string? InvalidIf(string field) => Problem?.Field == field ? "true" : null;

    /// <summary>Post/redirect/get back to where the reader was; anything not on this site falls back.</summary>
    protected IActionResult RedirectBack(string? returnUrl, string fallback, string? fragment = null)
    {
        var target = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
        if (fragment is not null)
        {
            var hash = target.IndexOf('#');
            target = (hash >= 0 ? target[..hash] : target) + "#" + fragment;
        }
        return LocalRedirect(target);
    }

    protected void Notice(string message) => TempData["Notice"] = message;
}
