using System.Text.Json.Serialization;

namespace Starling.Server.Api.Entities;

/// <summary>Mastodon's Token: an access token as <c>/oauth/token</c> gives it, here for an account just registered through the API.</summary>
public sealed record TokenEntity
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "Bearer";

    /// <summary>The granted scopes, space-separated.</summary>
    [JsonPropertyName("scope")]
    public required string Scope { get; init; }

    /// <summary>When the token was made, in Unix seconds.</summary>
    [JsonPropertyName("created_at")]
    public required long CreatedAt { get; init; }
}
