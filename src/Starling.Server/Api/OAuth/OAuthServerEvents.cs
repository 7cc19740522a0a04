using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Starling.Server.Infrastructure.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Starling.Server.Api.OAuth;

/// <summary>Where Mastodon's OAuth differs from OpenIddict's defaults, as OpenIddict event handlers.</summary>
public static class OAuthServerEvents
{
    /// <summary>
    /// Code and password grants come with a refresh token, although Mastodon clients never ask for <c>offline_access</c>
    /// (Mastodon has no such scope); the access token lives until revoked anyway.
    /// </summary>
    public sealed class IssueRefreshTokens : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<IssueRefreshTokens>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.EndpointType == OpenIddictServerEndpointType.Token && context.Request is { } request
                && (request.IsAuthorizationCodeGrantType() || request.IsPasswordGrantType() || request.IsRefreshTokenGrantType()))
            {
                context.GenerateRefreshToken = true;
                context.IncludeRefreshToken = true;
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// <c>urn:ietf:wg:oauth:2.0:oob</c> is not a place to redirect to: the code (or the refusal) is shown on a page for the
    /// person to copy into their app, as Mastodon does at <c>/oauth/authorize/native</c>.
    /// </summary>
    public sealed class ShowOutOfBandCode : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<ShowOutOfBandCode>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.Authentication.ProcessFormPostResponse.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (!string.Equals(context.RedirectUri, OAuthSetup.OutOfBandRedirect, StringComparison.Ordinal)
                || context.Transaction.GetHttpRequest() is not { } request)
            {
                return ValueTask.CompletedTask;
            }
            var query = context.Response.Code is { } code
                ? "?code=" + Uri.EscapeDataString(code)
                : "?error=" + Uri.EscapeDataString(context.Response.Error ?? "access_denied");
            request.HttpContext.Response.Redirect(OAuthSetup.OutOfBandPage + query);
            context.HandleRequest();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A revoked token must stop working at once, so the in-memory memory of validated tokens is dropped.</summary>
    public sealed class ForgetRevokedTokens(AccessTokenCache cache) : IOpenIddictServerHandler<ApplyRevocationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseSingletonHandler<ForgetRevokedTokens>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyRevocationResponseContext context)
        {
            cache.Invalidate();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// A replayed code or refresh token makes OpenIddict revoke everything issued under the same authorization; the tokens
    /// it revoked may be remembered, so a refused grant forgets them too (refusals are rare, forgetting is cheap).
    /// </summary>
    public sealed class ForgetTokensAfterRefusedGrant(AccessTokenCache cache) : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<ForgetTokensAfterRefusedGrant>()
            .SetOrder(int.MinValue + 40_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Error == Errors.InvalidGrant)
            {
                cache.Invalidate();
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A token minted by the <c>user token</c> verb has no HTTP response to go to; the verb reads it from the sign-in itself.</summary>
    public sealed class KeepCliTokenResponse : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public const string Marker = "starling:cli";

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<KeepCliTokenResponse>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Transaction.Properties.ContainsKey(Marker))
            {
                context.HandleRequest();
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// An app may revoke only the tokens issued to it (Mastodon answers anyone else 403 unauthorized_client); without
    /// this, any registered app could revoke any token it learned.
    /// </summary>
    public sealed class RevokeOnlyOwnTokens(IOpenIddictTokenManager tokens, IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public const string Refusal = "You are not authorized to revoke this token";

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeOnlyOwnTokens>()
            .SetOrder(OpenIddictServerHandlers.Revocation.AttachPrincipal.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            if (context.GenericTokenPrincipal?.GetTokenId() is not { } tokenId || await tokens.FindByIdAsync(tokenId, context.CancellationToken) is not { } token)
            {
                return;
            }
            var owner = await tokens.GetApplicationIdAsync(token, context.CancellationToken);
            var caller = context.Request?.ClientId is { } clientId && await applications.FindByClientIdAsync(clientId, context.CancellationToken) is { } application
                ? await applications.GetIdAsync(application, context.CancellationToken)
                : null;
            if (owner is not null && owner != caller)
            {
                context.Reject(Errors.UnauthorizedClient, Refusal);
            }
        }
    }

    /// <summary>Mastodon's status for a refused revocation is 403, where OpenIddict would answer 400.</summary>
    public sealed class RefuseRevocationWithForbidden : IOpenIddictServerHandler<ApplyRevocationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseSingletonHandler<RefuseRevocationWithForbidden>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachHttpResponseCode<ApplyRevocationResponseContext>.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyRevocationResponseContext context)
        {
            if (context.Error == Errors.UnauthorizedClient && context.Transaction.GetHttpRequest() is { } request)
            {
                request.HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            return ValueTask.CompletedTask;
        }
    }
}
