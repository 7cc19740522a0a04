using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Options;

namespace Starling.Server.Api.OAuth;

/// <summary>
/// The OAuth 2 server (OpenIddict) as Mastodon clients expect it: authorization code (PKCE optional), password,
/// client credentials and refresh token grants; opaque reference tokens kept in the database that do not expire, their
/// payloads protected with the server's Data Protection keys (which live beside the database and survive restarts).
/// </summary>
public static class OAuthSetup
{
    public const string AuthorizePath = "/oauth/authorize";
    public const string TokenPath = "/oauth/token";
    public const string RevokePath = "/oauth/revoke";
    public const string OutOfBandRedirect = "urn:ietf:wg:oauth:2.0:oob";
    public const string OutOfBandPage = "/oauth/authorize/native";

    public static IServiceCollection AddOAuthServer(this IServiceCollection services, StarlingOptions options)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore()
                .UseDbContext<AppDbContext>()
                .ReplaceDefaultEntities<OAuthApplication, OAuthAuthorization, OAuthScope, OAuthToken, long>())
            .AddServer(server =>
            {
                server.SetIssuer(options.PublicUri);
                server.SetAuthorizationEndpointUris(AuthorizePath[1..])
                    .SetTokenEndpointUris(TokenPath[1..])
                    .SetRevocationEndpointUris(RevokePath[1..])
                    // Mastodon's metadata document is served by OAuthEndpoints; no OpenID Connect discovery or key set.
                    .SetConfigurationEndpointUris(Array.Empty<Uri>())
                    .SetJsonWebKeySetEndpointUris(Array.Empty<Uri>());
                server.AllowAuthorizationCodeFlow()
                    .AllowClientCredentialsFlow()
                    .AllowPasswordFlow()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes([.. OAuthScopes.All]);
                // Mastodon lets every app use every grant; what an app may ask for is limited by its scopes only, which
                // OAuthGrants checks itself so a refusal is Mastodon's invalid_scope (OpenIddict would say invalid_request).
                server.IgnoreEndpointPermissions().IgnoreGrantTypePermissions().IgnoreResponseTypePermissions().IgnoreScopePermissions();
                // Mastodon's tokens are opaque strings that live until revoked.
                server.UseReferenceAccessTokens().UseReferenceRefreshTokens();
                server.SetAccessTokenLifetime(null).SetRefreshTokenLifetime(null);
                // Token payloads are protected by Data Protection, whose keys persist; these keys only satisfy the
                // configuration check (nothing is signed or encrypted with them). OpenIddict's ephemeral keys are 2048-bit
                // RSA, whose generation costs a start up to a second of CPU; an EC key and a random AES key cost nothing.
                server.UseDataProtection();
                server.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)))
                    .AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableErrorPassthrough()
                    // TLS ends at the reverse proxy in front of the server.
                    .DisableTransportSecurityRequirement();
                server.AddEventHandler(OAuthServerEvents.IssueRefreshTokens.Descriptor);
                server.AddEventHandler(OAuthServerEvents.ShowOutOfBandCode.Descriptor);
                server.AddEventHandler(OAuthServerEvents.ForgetRevokedTokens.Descriptor);
                server.AddEventHandler(OAuthServerEvents.ForgetTokensAfterRefusedGrant.Descriptor);
                server.AddEventHandler(OAuthServerEvents.KeepCliTokenResponse.Descriptor);
                server.AddEventHandler(OAuthServerEvents.RevokeOnlyOwnTokens.Descriptor);
                server.AddEventHandler(OAuthServerEvents.RefuseRevocationWithForbidden.Descriptor);
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseDataProtection();
                validation.EnableAuthorizationEntryValidation();
            });
        services.AddScoped<OAuthGrants>();
        services.AddScoped<AuthorizedApplications>();
        services.AddScoped<DirectTokens>();
        services.AddScoped<CliTokens>();
        return services;
    }
}
