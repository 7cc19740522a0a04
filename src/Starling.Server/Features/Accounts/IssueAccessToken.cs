using System.Security.Cryptography;
using System.Text;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Accounts;

/// <summary>Mints a personal access token for scripts; the secret is shown once and only its hash is kept.</summary>
public sealed class IssueAccessToken(AppDbContext db, AdministerAccount accounts, IdGenerator ids, TimeProvider time)
{
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "read", "write", "follow", "push", "admin:read", "admin:write", "profile",
    };

    public async Task<string> IssueAsync(string username, string scopes, CancellationToken cancellationToken = default)
    {
        var requested = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (requested.Count == 0)
        {
            throw DomainException.Invalid("Give at least one scope, such as \"read write follow push\".", "scopes");
        }
        var unknown = requested.Where(s => !KnownScopes.Contains(s) && !IsGranular(s)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"Unknown scope: {string.Join(", ", unknown)}.", "scopes");
        }
        var user = await accounts.FindAsync(username, cancellationToken);
        if (user.Account.IsSuspended)
        {
            throw DomainException.Forbidden($"User '{user.Account.Username}' is suspended.");
        }
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.AccessTokens.Add(new AccessToken
        {
            Id = ids.Next(),
            UserId = user.Id,
            TokenHash = Hash(token),
            Scopes = string.Join(' ', requested),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static bool IsGranular(string scope)
    {
        var colon = scope.IndexOf(':');
        return colon > 0 && KnownScopes.Contains(scope[..colon]) && scope.Length > colon + 1;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
