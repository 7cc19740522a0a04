using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Starling.Server.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Starling.Server.Options;
using Starling.Server.Web.Caching;
using Starling.Server.Web.Pages;

namespace Starling.Server.Web.Infrastructure;

/// <summary>The web UI's services: Razor Pages, cookie sign-in, anti-forgery.</summary>
public static class WebSetup
{
    public const string AccountIdClaim = "starling:account_id";
    public const string SecurityStampClaim = "starling:security_stamp";
    public const string AntiforgeryCookie = "starling_antiforgery";

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Web/Pages";
            pages.Conventions.AuthorizeFolder("/Settings");
            pages.Conventions.AuthorizeFolder("/Admin", "admin");
            pages.Conventions.AuthorizePage("/Notifications");
            pages.Conventions.AuthorizePage("/Bookmarks");
            pages.Conventions.AuthorizePage("/Favourites");
            pages.Conventions.AuthorizePage("/FollowRequests");
        }).AddMvcOptions(mvc =>
        {
            mvc.Filters.Add<FriendlyAntiforgeryFailure>();
            mvc.Filters.Add<DomainProblemFilter>();
        });
        // The compose, edit and profile pages take files: their requests may be as large as the media limits allow, and no other page's may.
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<StarlingOptions>>((pages, starling) =>
        {
            foreach (var (pageTakingFiles, limit) in new[]
            {
                ("/Compose", ComposeModel.MaxRequestBytes(starling.Value.Media)),
                ("/Statuses/Edit", ComposeModel.MaxRequestBytes(starling.Value.Media)),
                ("/Settings/Profile", Pages.Settings.ProfileModel.MaxRequestBytes(starling.Value.Media)),
            })
            {
                pages.Conventions.AddPageApplicationModelConvention(pageTakingFiles, page =>
                {
                    page.Filters.Add(new RequestSizeLimitAttribute(limit));
                    page.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
                });
            }
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "starling_session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/auth/sign_in";
                cookie.LogoutPath = "/auth/sign_out";
                cookie.AccessDeniedPath = "/error/403";
                cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = RejectStaleSessions;
            });
        services.AddAuthorizationBuilder().AddPolicy("admin", policy => policy.RequireRole("admin"));
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = AntiforgeryCookie);
        // Pages are UTF-8: letters, emoji and punctuation go out as themselves rather than as &#x...; escapes.
        services.AddWebEncoders(encoders => encoders.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentViewer>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<SessionCheck>());
        services.Configure<OutputCacheOptions>(cache => cache.AddPolicy(TimelinePageCachePolicy.Name, new TimelinePageCachePolicy()));
        services.AddScoped<Navigation>();
        services.AddScoped<ComposeUploads>();
        return services;
    }

    public static ClaimsPrincipal Principal(long userId, long accountId, string username, string securityStamp, bool admin)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, username),
            new(AccountIdClaim, accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(SecurityStampClaim, securityStamp),
        };
        if (admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, "admin"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>A cookie outlives its user's suspension, deletion or a changed security stamp only until the next request.</summary>
    private static async Task RejectStaleSessions(CookieValidatePrincipalContext context)
    {
        var userId = long.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0;
        var accountId = context.Principal is { } principal ? CurrentViewer.AccountIdOf(principal) : null;
        var stamp = context.Principal?.FindFirstValue(SecurityStampClaim);
        var services = context.HttpContext.RequestServices;
        var account = accountId is null ? null : await services.GetRequiredService<SessionCheck>().ValidateAsync(
            services, userId, accountId.Value, stamp, context.HttpContext.RequestAborted);
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        // The page will want the signed-in account anyway; this query already read it.
        CurrentViewer.Remember(context.HttpContext, account);
    }
}
