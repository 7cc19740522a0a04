using System.Globalization;
using System.Text.Json.Serialization;
using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Apps;

/// <summary>Mastodon's Application entity, as <c>GET /api/v1/apps/verify_credentials</c> returns it.</summary>
public sealed record ApplicationEntity(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("website")] string? Website,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("redirect_uri")] string RedirectUri,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
    [property: JsonPropertyName("vapid_key")] string? VapidKey)
{
    public static ApplicationEntity From(OAuthApplication application, IReadOnlyList<string> redirectUris) => new(
        application.Id.ToString(CultureInfo.InvariantCulture),
        application.DisplayName ?? "",
        application.Website,
        OAuth.OAuthScopes.Parse(application.Scopes),
        string.Join('\n', redirectUris),
        redirectUris,
        null);
}

/// <summary>Mastodon's CredentialApplication: the Application plus the client credentials, returned once at registration.</summary>
public sealed record CredentialApplicationEntity(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("website")] string? Website,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("redirect_uri")] string RedirectUri,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
    [property: JsonPropertyName("vapid_key")] string? VapidKey,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("client_secret_expires_at")] long ClientSecretExpiresAt)
{
    public static CredentialApplicationEntity From(ApplicationEntity application, string clientId, string clientSecret) => new(
        application.Id, application.Name, application.Website, application.Scopes, application.RedirectUri, application.RedirectUris,
        application.VapidKey, clientId, clientSecret, 0);
}
