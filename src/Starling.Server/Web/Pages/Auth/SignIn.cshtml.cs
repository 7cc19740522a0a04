using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Accounts;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Auth;

public sealed class SignInModel(SignIn signIn) : AppPageModel
{
    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Viewer.IsSignedIn ? RedirectBack(ReturnUrl, "/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.VerifyAsync(Login ?? "", Password ?? "", cancellationToken);
        var principal = WebSetup.Principal(user.Id, user.AccountId, user.Account.Username, user.SecurityStamp, user.Admin);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        return RedirectBack(ReturnUrl, "/");
    }

    public override Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        Password = null;
        return Task.FromResult(true);
    }
}
