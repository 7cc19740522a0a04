using Starling.Server.Api.OAuth;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// Public endpoints that read more with a token (Mastodon's <c>authorize_if_got_token!</c>): anyone may call them, but a
/// request that brings a token must bring a valid one (else 401) with one of the scopes (else 403), so an app never
/// mistakes a broken token for an anonymous answer.
/// </summary>
public static class OptionalScopeConventions
{
    public static TBuilder AllowAnonymousOrScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var scope in anyOf)
        {
            if (!OAuthScopes.IsKnown(scope))
            {
                throw new ArgumentException($"Unknown OAuth scope '{scope}'.", nameof(anyOf));
            }
        }
        return builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (ApiAuthentication.ExtractToken(context.Request) is null)
            {
                return await next(invocation);
            }
            if (context.Caller() is not { } caller)
            {
                context.Response.Headers.WWWAuthenticate = ApiAuthentication.Challenge;
                return ApiErrors.Result(StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
            }
            if (anyOf.Length > 0 && !anyOf.Any(caller.Has))
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, ApiErrors.OutsideScopes);
            }
            return await next(invocation);
        });
    }
}
