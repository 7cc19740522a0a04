using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Starling.Server.Infrastructure.Security;
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
}
