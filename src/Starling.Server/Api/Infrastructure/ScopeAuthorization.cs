using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Starling.Server.Api.OAuth;

namespace Starling.Server.Api.Infrastructure;

/// <summary>What an endpoint needs: a token with any one of <see cref="AnyOf"/> (none: any token), and a user behind it unless app tokens may call.</summary>
public sealed class ScopeRequirement(IReadOnlyList<string> anyOf, bool requireUser) : IAuthorizationRequirement
{
    public IReadOnlyList<string> AnyOf { get; } = anyOf;

    public bool RequireUser { get; } = requireUser;

    public override string ToString() => $"OAuth: {(AnyOf.Count == 0 ? "any token" : string.Join(" or ", AnyOf))}{(RequireUser ? ", user token" : "")}";
}

public sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (ApiCaller.From(context.User) is not { } caller)
        {
            return Task.CompletedTask;
        }
        if (requirement.AnyOf.Count > 0 && !requirement.AnyOf.Any(caller.Has))
        {
            context.Fail();
            return Task.CompletedTask;
        }
        if (requirement.RequireUser && caller.AccountId is null)
        {
            context.Fail(new AuthorizationFailureReason(this, ApiErrors.UserRequired));
            return Task.CompletedTask;
        }
        if (requirement.RequireUser && caller.LoginRefusal is { } refusal)
        {
            context.Fail(new AuthorizationFailureReason(this, refusal));
            return Task.CompletedTask;
        }
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Turns the API's authorization failures into Mastodon's answers: 401 bad token, 403 wrong scope, 422 app token on a
/// user endpoint, 403 with the reason for a user who may not act yet (pending approval).
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!ApiPaths.IsApi(context.Request.Path) || authorizeResult.Succeeded)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        if (authorizeResult.Challenged || context.Caller() is null)
        {
            context.Response.Headers.WWWAuthenticate = ApiAuthentication.Challenge;
            return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
        }
        if (authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Message == ApiErrors.UserRequired) == true)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, ApiErrors.UserRequired);
        }
        if (authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault(r => ApiErrors.IsLoginRefusal(r.Message)) is { } refusal)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, refusal.Message);
        }
        return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, ApiErrors.OutsideScopes);
    }
}

/// <summary>How an endpoint declares its OAuth scope: <c>.RequireScope("read:statuses")</c> (also satisfied by <c>read</c>).</summary>
public static class ScopeEndpointConventions
{
    /// <summary>A user token with any one of the scopes (Mastodon's <c>doorkeeper_authorize!</c> plus <c>require_user!</c>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(anyOf, requireUser: true)).WithMetadata(new ScopeRequirement(anyOf, true));

    /// <summary>Any token with one of the scopes, an app token (client_credentials) included.</summary>
    public static TBuilder RequireAppScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(anyOf, requireUser: false)).WithMetadata(new ScopeRequirement(anyOf, false));

    /// <summary>Any valid token, whatever its scopes.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAppScope();

    private static AuthorizationPolicy Policy(string[] anyOf, bool requireUser)
    {
        foreach (var scope in anyOf)
        {
            if (!OAuthScopes.IsKnown(scope))
            {
                throw new ArgumentException($"Unknown OAuth scope '{scope}'.", nameof(anyOf));
            }
        }
        return new AuthorizationPolicyBuilder(ApiAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(anyOf, requireUser))
            .Build();
    }
}
