using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Auth;

/// <summary>Signing out is a form post (a link could be triggered by another site); a plain visit just goes home.</summary>
public sealed class SignOutModel : AppPageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }
}
