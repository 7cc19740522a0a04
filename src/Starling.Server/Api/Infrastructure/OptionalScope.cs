using Starling.Server.Api.OAuth;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// For endpoints that are public but read more for a signed-in caller (search, trends, a hashtag): Mastodon's
/// <c>authorize_if_got_token!</c>. Without a token the request goes through anonymously; a token that is invalid
/// answers 401, and one without any of the scopes 403, so a client learns its token is wrong instead of silently
/// getting anonymous results.
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
