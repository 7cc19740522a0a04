using System.Security.Cryptography;
using OpenIddict.Abstractions;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Api.OAuth;
using Starling.Server.Data.Entities;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Starling.Server.Api.Apps;

/// <summary><c>POST /api/v1/apps</c> registers a client (form or JSON); <c>GET /api/v1/apps/verify_credentials</c> shows it to its token.</summary>
public static class AppsEndpoints
{
    public const int MaxNameLength = 60;
    public const int MaxUriLength = 2000;

    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/api/v1/apps").WithTags("Apps");
        apps.MapPost("", CreateAsync).WithSummary("Register a client application");
        apps.MapGet("/verify_credentials", VerifyAsync).RequireToken().WithSummary("Show the application of the token");
        return app;
    }

    private static async Task<CredentialApplicationEntity> CreateAsync(HttpContext context, IOpenIddictApplicationManager applications, TimeProvider time)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var name = parameters.String("client_name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid("Application name can't be blank");
        }
        if (name.Length > MaxNameLength)
        {
            throw Invalid($"Application name is too long (maximum is {MaxNameLength} characters)");
        }
        var redirectUris = parameters.Strings("redirect_uris").Concat(parameters.Strings("redirect_uri"))
            .SelectMany(value => value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (redirectUris.Count == 0)
        {
            throw Invalid("Redirect URI can't be blank");
        }
        if (redirectUris.Any(uri => uri.Length > MaxUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment)))
        {
            throw Invalid("Redirect URI must be an absolute URI.");
        }
        var scopes = OAuthScopes.Parse(parameters.String("scopes"));
        if (scopes.Count == 0)
        {
            scopes = [OAuthScopes.Default];
        }
        if (scopes.FirstOrDefault(s => !OAuthScopes.IsKnown(s)) is { } unknown)
        {
            throw Invalid($"Scopes include an unknown scope: {unknown}");
        }
        var website = parameters.String("website")?.Trim();
        if (string.IsNullOrEmpty(website))
        {
            website = null;
        }
        else if (website.Length > MaxUriLength || !Uri.TryCreate(website, UriKind.Absolute, out var site) || site.Scheme is not ("http" or "https"))
        {
            throw Invalid("Website is not a valid URL");
        }

        var clientId = RandomSecret();
        var clientSecret = RandomSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = name,
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }
        foreach (var scope in OAuthScopes.Requestable(scopes))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        var application = new OAuthApplication { Website = website, Scopes = string.Join(' ', scopes), CreatedAt = time.GetUtcNow().UtcDateTime };
        await applications.PopulateAsync(application, descriptor, context.RequestAborted);
        await applications.CreateAsync(application, clientSecret, context.RequestAborted);
        return CredentialApplicationEntity.From(ApplicationEntity.From(application, redirectUris), clientId, clientSecret);
    }

    private static async Task<ApplicationEntity> VerifyAsync(HttpContext context, OAuthGrants grants, IOpenIddictApplicationManager applications)
    {
        var caller = context.RequiredCaller();
        var application = await grants.FindApplicationAsync(caller.ClientId, context.RequestAborted)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, ApiErrors.InvalidToken);
        var redirectUris = await applications.GetRedirectUrisAsync(application, context.RequestAborted);
        return ApplicationEntity.From(application, redirectUris);
    }

    private static ApiException Invalid(string message) => ApiException.Unprocessable("Validation failed: " + message);

    /// <summary>256 random bits, base64url: the shape of Mastodon's client ids and secrets.</summary>
    private static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
