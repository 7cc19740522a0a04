using System.Globalization;
using System.Security.Claims;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// Who is calling the API: the app (always) and the user (for user tokens; an app token from the client_credentials grant
/// has none), with the scopes the token was granted. <see cref="LoginRefusal"/> says why the user may not act yet
/// (waiting for approval, say); endpoints that act for a user refuse such a caller with 403.
/// </summary>
public sealed record ApiCaller(long? UserId, long? AccountId, string? ClientId, IReadOnlySet<string> Scopes, string? LoginRefusal = null)
{
    public const string UserIdClaim = "starling:user_id";
    public const string ClientIdClaim = "client_id";
    public const string ScopeClaim = "scope";
    public const string LoginRefusalClaim = "starling:login_refusal";

    /// <summary>The account of a user token; endpoints behind <c>RequireScope</c> always have one.</summary>
    public long RequireAccountId() => AccountId ?? throw ApiException.Unprocessable(ApiErrors.UserRequired);

    public bool Has(string scope) => OAuth.OAuthScopes.Satisfies(Scopes, scope);

    public static ApiCaller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, AuthenticationType: ApiAuthentication.Scheme })
        {
            return null;
        }
        return new ApiCaller(
            ParseId(principal.FindFirstValue(UserIdClaim)),
            ParseId(principal.FindFirstValue(WebSetup.AccountIdClaim)),
            principal.FindFirstValue(ClientIdClaim),
            principal.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindFirstValue(LoginRefusalClaim));
    }

    private static long? ParseId(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

public static class ApiCallerExtensions
{
    private static readonly object ItemKey = new();

    /// <summary>The bearer token's caller, or null for an anonymous request (or one with a cookie only: the API ignores cookies).</summary>
    public static ApiCaller? Caller(this HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return (ApiCaller?)cached;
        }
        var caller = ApiCaller.From(context.User);
        context.Items[ItemKey] = caller;
        return caller;
    }

    /// <summary>The caller of an endpoint that requires a token; its policy has already checked there is one.</summary>
    public static ApiCaller RequiredCaller(this HttpContext context) =>
        context.Caller() ?? throw new ApiException(StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
}
