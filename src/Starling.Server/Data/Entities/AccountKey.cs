namespace Starling.Server.Data.Entities;

/// <summary>
/// An account's RSA key for HTTP signatures. Local accounts hold both halves (made at sign-up and kept); remote ones
/// the public half their actor document published, found by key id when a signed request arrives.
/// Kept apart from the account row so that loading accounts for timelines does not carry kilobytes of PEM.
/// </summary>
public sealed class AccountKey
{
    public long AccountId { get; set; }
    public required string KeyId { get; set; }
    public required string PublicKeyPem { get; set; }
    public string? PrivateKeyPem { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The instance actor's key: it signs fetches made for the server rather than for a user (authorized fetch).</summary>
public sealed class ServerKey
{
    public required string Name { get; set; }
    public required string PublicKeyPem { get; set; }
    public required string PrivateKeyPem { get; set; }
    public DateTime CreatedAt { get; set; }
}
