namespace Starling.Server.Data.Entities;

/// <summary>A personal access token made by the <c>user token</c> verb; only its SHA-256 is stored.</summary>
public sealed class AccessToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string TokenHash { get; set; }
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
