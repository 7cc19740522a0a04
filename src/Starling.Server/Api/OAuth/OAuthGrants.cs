using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// What every grant shares: the scopes an app may be given, the user's standing authorization of the app (which the
/// settings page lists and revokes), and the principal a token is made from.
/// </summary>
public sealed class OAuthGrants(
    AppDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    TimeProvider time)
{
    public async Task<OAuthApplication?> FindApplicationAsync(string? clientId, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(clientId) ? null : await applications.FindByClientIdAsync(clientId, cancellationToken) as OAuthApplication;

    /// <summary>The scopes asked for, or Mastodon's default (<c>read</c>); null when the app may not have one of them.</summary>
    public async Task<IReadOnlyList<string>?> GrantableScopesAsync(OAuthApplication application, IEnumerable<string> requested, CancellationToken cancellationToken = default)
    {
        var scopes = requested.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            scopes.Add(OAuthScopes.Default);
        }
        foreach (var scope in scopes)
        {
            if (!OAuthScopes.IsKnown(scope) || !await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, cancellationToken))
            {
                return null;
            }
        }
        return scopes;
    }

    /// <summary>A user's token: subject is the user id; the account id and username travel along for the API.</summary>
    public async Task<ClaimsPrincipal> ForUserAsync(User user, OAuthApplication application, IReadOnlyList<string> scopes, CancellationToken cancellationToken = default)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, AdministerAccount.OAuthSubject(user.Id))
            .SetClaim(WebSetup.AccountIdClaim, user.AccountId.ToString(CultureInfo.InvariantCulture))
            .SetClaim(Claims.Name, user.Account.Username);
        identity.SetScopes(scopes);
        var authorization = await FindOrCreateAuthorizationAsync(identity, application, scopes, cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellationToken));
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>An app token (client_credentials): no user behind it; its subject is the client id.</summary>
    public static ClaimsPrincipal ForApplication(OAuthApplication application, IReadOnlyList<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, application.ClientId);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The user behind a code or refresh token, if they may still sign in (not suspended, deleted or unapproved since).</summary>
    public async Task<User?> ActiveUserAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(principal.GetClaim(Claims.Subject), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }
        return await db.Users.Include(u => u.Account).AsNoTracking()
            .FirstOrDefaultAsync(u => u.Id == userId && u.Approved && u.Account.SuspendedAt == null, cancellationToken);
    }

    /// <summary>
    /// The sign-in answer for the token endpoint: Mastodon's token reply always names the granted scopes and says when
    /// the token was made (<c>created_at</c>, Unix seconds).
    /// </summary>
    public AuthenticationProperties TokenReplyProperties(ClaimsPrincipal principal)
    {
        var properties = new AuthenticationProperties();
        properties.Parameters[Parameters.Scope] = string.Join(' ', principal.GetScopes());
        properties.Parameters["created_at"] = time.GetUtcNow().ToUnixTimeSeconds();
        return properties;
    }

    /// <summary>A user approves an app once per set of scopes; later sign-ins with the same scopes reuse that approval.</summary>
    private async Task<object> FindOrCreateAuthorizationAsync(ClaimsIdentity identity, OAuthApplication application, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var subject = identity.GetClaim(Claims.Subject)!;
        var applicationId = await applications.GetIdAsync(application, cancellationToken);
        var wanted = scopes.ToImmutableArray();
        await foreach (var existing in authorizations.FindAsync(subject, applicationId, OpenIddictConstants.Statuses.Valid, AuthorizationTypes.Permanent, wanted, cancellationToken))
        {
            var granted = await authorizations.GetScopesAsync(existing, cancellationToken);
            if (granted.Length == wanted.Length)
            {
                return existing;
            }
        }
        return await authorizations.CreateAsync(new ClaimsPrincipal(identity), subject, applicationId!, AuthorizationTypes.Permanent, wanted, cancellationToken);
    }
}
