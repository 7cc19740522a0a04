using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>
/// Whether a server is suspended here. A block of <c>example.com</c> covers <c>social.example.com</c> too, as on
/// Mastodon, and a host is matched without its port.
/// </summary>
public static class SuspendedDomains
{
    public static Task<bool> IsSuspendedAsync(AppDbContext db, string hostOrUrl, CancellationToken cancellationToken)
    {
        var candidates = Candidates(hostOrUrl);
        return candidates.Count == 0
            ? Task.FromResult(false)
            : db.DomainBlocks.AnyAsync(b => b.Severity == DomainBlockSeverity.Suspend && candidates.Contains(b.Domain), cancellationToken);
    }

    /// <summary>The host and each domain above it: <c>a.b.example.com</c>, <c>b.example.com</c>, <c>example.com</c>, <c>com</c>.</summary>
    public static List<string> Candidates(string hostOrUrl)
    {
        var host = Uri.TryCreate(hostOrUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url.IdnHost
            : Uri.TryCreate("https://" + hostOrUrl, UriKind.Absolute, out var withScheme) ? withScheme.IdnHost : "";
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        var candidates = new List<string>();
        if (host.Length == 0)
        {
            return candidates;
        }
        candidates.Add(host);
        if (!System.Net.IPAddress.TryParse(host, out _))
        {
            for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
            {
                candidates.Add(host[(dot + 1)..]);
            }
        }
        return candidates;
    }
}
