using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Starling.Server.Api.OAuth;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Web.Pages.OAuth;

/// <summary>
/// <c>/oauth/authorize</c>: OpenIddict has checked the client, redirect URI and scopes; this page signs the person in
/// (the web UI's own sign-in) and asks whether the app may act for them. An app already approved for the same scopes
/// is let through without asking again, as on Mastodon.
/// </summary>
public sealed class AuthorizeModel(AppDbContext db, OAuthGrants grants, IOpenIddictAuthorizationManager authorizations) : AppPageModel
{
    public string ApplicationName { get; private set; } = "";

    public string? Website { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public string? Username { get; private set; }

    /// <summary>The authorization request's parameters, carried through the approval form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestFields { get; private set; } = [];

    /// <summary>Why the request cannot be served, when OpenIddict refused it and no redirect back to the app is safe.</summary>
    public string? RequestError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ShowError() is { } error)
        {
            return error;
        }
        var request = HttpContext.GetOpenIddictServerRequest()!;
        if (!Viewer.IsSignedIn || ForceLogin(request))
        {
            return await SignInFirstAsync();
        }
        var (user, application, scopes) = await LoadAsync(request, cancellationToken);
        if (user is null || application is null)
        {
            return await SignInFirstAsync();
        }
        if (scopes is null)
        {
            return RefuseToApp(Errors.InvalidScope, "The requested scope is invalid, unknown, or malformed.");
        }
        if (await AlreadyApprovedAsync(user, application, scopes, cancellationToken))
        {
            return SignIn(await grants.ForUserAsync(user, application, scopes, cancellationToken), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        Describe(request, user, application, scopes);
        AllowFormToRedirectTo(request.RedirectUri);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken cancellationToken)
    {
        if (ShowError() is { } error)
        {
            return error;
        }
        var request = HttpContext.GetOpenIddictServerRequest()!;
        if (!Viewer.IsSignedIn)
        {
            return await SignInFirstAsync();
        }
        var (user, application, scopes) = await LoadAsync(request, cancellationToken);
        if (user is null || application is null)
        {
            return await SignInFirstAsync();
        }
        if (decision != "approve")
        {
            return RefuseToApp(Errors.AccessDenied, "The user denied the authorization request.");
        }
        if (scopes is null)
        {
            return RefuseToApp(Errors.InvalidScope, "The requested scope is invalid, unknown, or malformed.");
        }
        return SignIn(await grants.ForUserAsync(user, application, scopes, cancellationToken), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private IActionResult? ShowError()
    {
        var response = HttpContext.GetOpenIddictServerResponse();
        if (response?.Error is null && HttpContext.GetOpenIddictServerRequest() is not null)
        {
            return null;
        }
        RequestError = response?.ErrorDescription ?? response?.Error ?? "This is not an authorization request.";
        ViewData["Title"] = "Authorization failed";
        return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
    }

    private static bool ForceLogin(OpenIddictRequest request) =>
        Api.Infrastructure.ApiParameters.ParseBool((string?)request["force_login"] ?? "") == true;

    /// <summary>To the sign-in page and back here; with force_login, the current session ends first.</summary>
    private async Task<IActionResult> SignInFirstAsync()
    {
        var request = HttpContext.GetOpenIddictServerRequest()!;
        if (Viewer.IsSignedIn)
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        var back = QueryString.Create(request.GetParameters()
            .Where(p => p.Key != "force_login" && p.Key != "decision" && p.Key != "__RequestVerificationToken")
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        return Challenge(new AuthenticationProperties { RedirectUri = OAuthSetup.AuthorizePath + back }, CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private async Task<(User? User, OAuthApplication? Application, IReadOnlyList<string>? Scopes)> LoadAsync(OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var accountId = ViewerId;
        var user = await db.Users.Include(u => u.Account).AsNoTracking()
            .FirstOrDefaultAsync(u => u.AccountId == accountId && u.Approved && u.Account.SuspendedAt == null, cancellationToken);
        var application = await grants.FindApplicationAsync(request.ClientId, cancellationToken);
        var scopes = application is null ? null : await grants.GrantableScopesAsync(application, request.GetScopes(), cancellationToken);
        return (user, application, scopes);
    }

    private async Task<bool> AlreadyApprovedAsync(User user, OAuthApplication application, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var subject = Features.Accounts.AdministerAccount.OAuthSubject(user.Id);
        var applicationId = application.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var _ in authorizations.FindAsync(subject, applicationId, OpenIddictConstants.Statuses.Valid, AuthorizationTypes.Permanent, [.. scopes], cancellationToken))
        {
            return true;
        }
        return false;
    }

    private void Describe(OpenIddictRequest request, User user, OAuthApplication application, IReadOnlyList<string> scopes)
    {
        ApplicationName = application.DisplayName ?? "An app";
        Website = application.Website;
        Scopes = scopes;
        Username = user.Account.Username;
        RequestFields = request.GetParameters()
            .Where(p => p.Key != "decision" && p.Key != "__RequestVerificationToken" && p.Key != "force_login")
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value ?? ""))
            .ToList();
    }

    /// <summary>
    /// Browsers apply form-action to where the form's answer redirects, so the app's own address must be allowed on this
    /// page, or approving would be blocked before the code reaches the app.
    /// </summary>
    private void AllowFormToRedirectTo(string? redirectUri)
    {
        if (redirectUri is null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || redirectUri == OAuthSetup.OutOfBandRedirect)
        {
            return;
        }
        var source = uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
        var csp = Response.Headers.ContentSecurityPolicy.ToString();
        Response.Headers.ContentSecurityPolicy = csp.Replace("form-action 'self'", $"form-action 'self' {source}", StringComparison.Ordinal);
    }

    private ForbidResult RefuseToApp(string error, string description) =>
        Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
