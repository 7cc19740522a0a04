using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Instance;

/// <summary>Mastodon's DomainBlock: a server this one limits, as the public list shows it.</summary>
public sealed record DomainBlockEntity(
    [property: JsonPropertyName("domain")] string Domain,
    /// <summary>SHA-256 of the domain, hex: how clients match a server when the domain itself is hidden.</summary>
    [property: JsonPropertyName("digest")] string Digest,
    /// <summary>"silence" or "suspend".</summary>
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment)
{
    /// <summary>The entity for a block that limits the server; null for one that only rejects media or reports, which Mastodon does not list.</summary>
    public static DomainBlockEntity? From(DomainBlock block) => block.Severity switch
    {
        DomainBlockSeverity.Silence or DomainBlockSeverity.Suspend => new DomainBlockEntity(
            block.Domain,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(block.Domain))),
            block.Severity == DomainBlockSeverity.Suspend ? "suspend" : "silence",
            string.IsNullOrEmpty(block.PublicComment) ? null : block.PublicComment),
        _ => null,
    };
}
