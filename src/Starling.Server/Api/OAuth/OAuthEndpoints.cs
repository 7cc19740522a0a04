using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// <c>POST /oauth/token</c> after OpenIddict has checked the client and any code or refresh token (passthrough), and
/// Mastodon's <c>/.well-known/oauth-authorization-server</c>. <c>/oauth/revoke</c> is answered by OpenIddict itself.
/// </summary>
public static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost(OAuthSetup.TokenPath, ExchangeAsync)
            .WithTags("OAuth")
            .WithSummary("Obtain a token (authorization_code, password, client_credentials, refresh_token); form or JSON body");
        app.MapGet("/.well-known/oauth-authorization-server", Metadata)
            .WithTags("OAuth")
            .WithSummary("OAuth 2 authorization server metadata");
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, OAuthGrants grants, SignIn signIn, ApiRateLimiter limiter)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The token endpoint was reached without an OpenIddict request.");
        var cancellationToken = context.RequestAborted;
        var application = await grants.FindApplicationAsync(request.ClientId, cancellationToken);
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var redeemed = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (redeemed.Principal is not { } principal || await grants.ActiveUserAsync(principal, cancellationToken) is null)
            {
                return Refuse(Errors.InvalidGrant, "The account behind this grant can no longer sign in.");
            }
            return SignInWith(grants, principal);
        }
        if (application is null)
        {
            return Refuse(Errors.InvalidClient, "Client authentication failed due to unknown client.");
        }
        var scopes = await grants.GrantableScopesAsync(application, request.GetScopes(), cancellationToken);
        if (scopes is null)
        {
            return Refuse(Errors.InvalidScope, "The requested scope is invalid, unknown, or malformed.");
        }
        if (request.IsClientCredentialsGrantType())
        {
            return SignInWith(grants, OAuthGrants.ForApplication(application, scopes));
        }
        if (request.IsPasswordGrantType())
        {
            if (!limiter.TryCountLogin(context))
            {
                return ApiErrors.Result(StatusCodes.Status429TooManyRequests, ApiErrors.TooManyRequests);
            }
            User user;
            try
            {
                // The username or the email, as Mastodon's password grant takes the email.
                user = await signIn.VerifyAsync(request.Username ?? "", request.Password ?? "", cancellationToken);
            }
            catch (DomainException problem)
            {
                return Refuse(Errors.InvalidGrant, problem.Message);
            }
            return SignInWith(grants, await grants.ForUserAsync(user, application, scopes, cancellationToken));
        }
        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static IResult SignInWith(OAuthGrants grants, ClaimsPrincipal principal) =>
        Results.SignIn(principal, grants.TokenReplyProperties(principal), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static AuthorizationServerMetadata Metadata(IOptions<StarlingOptions> options)
    {
        var root = options.Value.PublicUrl.TrimEnd('/');
        return new AuthorizationServerMetadata(
            Issuer: root + "/",
            ServiceDocumentation: "https://docs.joinmastodon.org/",
            AuthorizationEndpoint: root + OAuthSetup.AuthorizePath,
            TokenEndpoint: root + OAuthSetup.TokenPath,
            RevocationEndpoint: root + OAuthSetup.RevokePath,
            AppRegistrationEndpoint: root + "/api/v1/apps",
            ScopesSupported: OAuthScopes.All,
            ResponseTypesSupported: ["code"],
            ResponseModesSupported: ["query", "fragment", "form_post"],
            CodeChallengeMethodsSupported: ["S256"],
            GrantTypesSupported: [GrantTypes.AuthorizationCode, GrantTypes.Password, GrantTypes.ClientCredentials, GrantTypes.RefreshToken],
            TokenEndpointAuthMethodsSupported: [ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost]);
    }
}

/// <summary>RFC 8414 metadata in the shape Mastodon publishes it.</summary>
public sealed record AuthorizationServerMetadata(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("service_documentation")] string ServiceDocumentation,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
    [property: JsonPropertyName("app_registration_endpoint")] string AppRegistrationEndpoint,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("response_modes_supported")] IReadOnlyList<string> ResponseModesSupported,
    [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string> CodeChallengeMethodsSupported,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported);
