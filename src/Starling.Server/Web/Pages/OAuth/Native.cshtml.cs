using Microsoft.AspNetCore.Mvc;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.OAuth;

/// <summary>Where an app that registered <c>urn:ietf:wg:oauth:2.0:oob</c> sends its user: the code, to copy into the app.</summary>
public sealed class NativeModel : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }
}
