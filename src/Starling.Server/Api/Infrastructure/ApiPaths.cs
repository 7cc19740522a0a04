namespace Starling.Server.Api.Infrastructure;

/// <summary>Which requests belong to the API (JSON errors, bearer tokens, open CORS, API rate limits) rather than the web UI.</summary>
public static class ApiPaths
{
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api")
        || path.StartsWithSegments("/oauth/token")
        || path.StartsWithSegments("/oauth/revoke")
        || path.StartsWithSegments("/.well-known/oauth-authorization-server");

    /// <summary>The OAuth endpoints that take client credentials in a body (form, JSON or multipart).</summary>
    public static bool IsOAuthBackchannel(PathString path) =>
        path.StartsWithSegments("/oauth/token") || path.StartsWithSegments("/oauth/revoke");
}
