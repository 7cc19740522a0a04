using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using Starling.Server.Data;
using Starling.Server.Infrastructure.Security;
using Starling.Server.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// Bearer tokens for the API. A token is checked by OpenIddict (its row, its authorization, its protected payload) and the
/// result is remembered briefly in <see cref="AccessTokenCache"/>, so a client's stream of requests costs one check.
/// The token comes from the Authorization header or, as Mastodon allows, an <c>access_token</c> query parameter (or, on a
/// WebSocket handshake, the <c>Sec-WebSocket-Protocol</c> header).
/// A user who may not use the API yet (waiting for approval, say) keeps a valid token; the check remembers why, and
/// endpoints that act for a user refuse it with that reason.
/// </summary>
public sealed class ApiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenCache cache,
    OpenIddictValidationService validation) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiAuthentication.Token(Context) is not var (token, key))
        {
            return AuthenticateResult.NoResult();
        }
        if (cache.TryGet(key, out var remembered))
        {
            return Success(remembered);
        }
        ClaimsPrincipal validated;
        try
        {
            validated = await validation.ValidateAccessTokenAsync(token, Context.RequestAborted);
        }
        catch (OpenIddictExceptions.ProtocolException)
        {
            return AuthenticateResult.Fail(ApiErrors.InvalidToken);
        }
        var principal = ApiPrincipal(validated);
        if (ApiCaller.From(principal)?.UserId is { } userId && await LoginRefusalAsync(userId) is { } refusal)
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ApiCaller.LoginRefusalClaim, refusal));
        }
        cache.Add(key, principal);
        return Success(principal);
    }

    /// <summary>Why the token's user may not act through the API now (Mastodon's wording), or null when they may.</summary>
    private async Task<string?> LoginRefusalAsync(long userId)
    {
        // Resolved only here, on a token's first check, so a remembered token costs no database context.
        var db = Context.RequestServices.GetRequiredService<AppDbContext>();
        var login = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Approved, Confirmed = u.ConfirmedAt != null, Suspended = u.Account.SuspendedAt != null })
            .FirstOrDefaultAsync(Context.RequestAborted);
        return login switch
        {
            null or { Suspended: true } => ApiErrors.LoginDisabled,
            { Confirmed: false } => ApiErrors.LoginUnconfirmed,
            { Approved: false } => ApiErrors.LoginPendingApproval,
            _ => null,
        };
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    /// <summary>Only what endpoints read: the user, the account, the app and the scopes.</summary>
    private static ClaimsPrincipal ApiPrincipal(ClaimsPrincipal token)
    {
        var identity = new ClaimsIdentity(ApiAuthentication.Scheme, Claims.Name, Claims.Role);
        if (token.GetClaim(WebSetup.AccountIdClaim) is { } accountId)
        {
            identity.AddClaim(new Claim(WebSetup.AccountIdClaim, accountId));
            identity.AddClaim(new Claim(ApiCaller.UserIdClaim, token.GetClaim(Claims.Subject)!));
            if (token.GetClaim(Claims.Name) is { } name)
            {
                identity.AddClaim(new Claim(Claims.Name, name));
            }
        }
        var clientId = token.GetClaim(Claims.ClientId) ?? token.GetPresenters().FirstOrDefault();
        if (clientId is not null)
        {
            identity.AddClaim(new Claim(ApiCaller.ClientIdClaim, clientId));
        }
        foreach (var scope in token.GetScopes())
        {
            identity.AddClaim(new Claim(ApiCaller.ScopeClaim, scope));
        }
        return new ClaimsPrincipal(identity);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiAuthentication.Challenge;
        await ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, ApiErrors.OutsideScopes);
}

public static class ApiAuthentication
{
    public const string Scheme = "Bearer";

    /// <summary>The default scheme: API paths use bearer tokens only, everything else the web UI's cookie.</summary>
    public const string SelectorScheme = "Starling";

    public const string Challenge = "Bearer realm=\"Starling\", error=\"invalid_token\", error_description=\"" + ApiErrors.InvalidToken + "\"";

    private static readonly object TokenItem = new();

    /// <summary>The request's bearer token and its cache key (hashed once per request: the rate limiter needs it too).</summary>
    public static (string Token, string Key)? Token(HttpContext context)
    {
        if (context.Items.TryGetValue(TokenItem, out var cached))
        {
            return ((string, string)?)cached;
        }
        (string, string)? found = ExtractToken(context.Request) is { } token ? (token, AccessTokenCache.Key(token)) : null;
        context.Items[TokenItem] = found;
        return found;
    }

    public static string? ExtractToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 7 && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            return token.Length > 0 ? token : null;
        }
        var query = request.Query["access_token"].ToString();
        if (query.Length > 0)
        {
            return query;
        }
        // A browser cannot set headers on a WebSocket, so streaming clients (masto.js, Mastodon's web app) offer the token
        // as the subprotocol, as Mastodon's streaming server accepts it.
        var protocol = request.Headers.SecWebSocketProtocol.ToString().Split(',', 2)[0].Trim();
        return protocol.Length > 0 ? protocol : null;
    }
}
