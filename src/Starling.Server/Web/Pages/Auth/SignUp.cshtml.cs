using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Features.Accounts;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Auth;

/// <summary>Sign-up as the registration mode allows: signed in at once (open), told to wait (approval), or told it is closed.</summary>
public sealed class SignUpModel(RegisterAccount register, IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public RegistrationMode Mode => options.Value.Registrations;

    public string Domain => options.Value.Domain;

    public int MinPassword => PasswordRules.MinLength;

    public IActionResult OnGet() => Viewer.IsSignedIn ? LocalRedirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await register.RegisterAsync(new Registration(Username ?? "", Email ?? "", Password ?? "", Reason), cancellationToken: cancellationToken);
        if (!user.Approved)
        {
            return LocalRedirect("/auth/pending");
        }
        var principal = WebSetup.Principal(user.Id, user.AccountId, user.Account.Username, user.SecurityStamp, user.Admin);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        Notice($"Welcome, {AccountDisplay.Name(user.Account)}! Follow a few people from the local timeline to fill your home.");
        return LocalRedirect("/");
    }

    public override Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        Password = null;
        return Task.FromResult(true);
    }
}
