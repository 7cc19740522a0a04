using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Configurations;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// Remembers a client's Idempotency-Key for an hour, per account, with what the first request made. Kept in the database
/// rather than in memory: the key is written in the same transaction as the post, so it survives a restart, holds on
/// every node sharing the database, and its primary key settles two identical requests racing each other.
/// </summary>
public sealed class IdempotencyKeys(AppDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public const string StatusKind = "status";
    public const string ScheduledKind = "scheduled";

    /// <summary>The remembered answer to this key, if the key was used in the last hour.</summary>
    public Task<IdempotencyKey?> FindAsync(long accountId, string kind, string key, CancellationToken cancellationToken)
    {
        var stored = Stored(kind, key);
        var since = time.GetUtcNow().UtcDateTime - Lifetime;
        return db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.AccountId == accountId && k.Key == stored && k.CreatedAt > since, cancellationToken);
    }

    /// <summary>Adds the key to the caller's unit of work, after forgetting this account's keys that are past their hour.</summary>
    public async Task RememberAsync(long accountId, string kind, string key, long? statusId, long? scheduledStatusId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expired = now - Lifetime;
        await db.IdempotencyKeys.Where(k => k.AccountId == accountId && k.CreatedAt <= expired).ExecuteDeleteAsync(cancellationToken);
        db.IdempotencyKeys.Add(new IdempotencyKey
        {
            AccountId = accountId,
            Key = Stored(kind, key),
            StatusId = statusId,
            ScheduledStatusId = scheduledStatusId,
            CreatedAt = now,
        });
    }

    /// <summary>Keys are the client's own strings; a long one is stored as its hash so any length fits the column.</summary>
    private static string Stored(string kind, string key)
    {
        var stored = $"{kind}:{key}";
        return stored.Length <= IdempotencyKeyConfiguration.MaxKeyLength
            ? stored
            : $"{kind}:sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
    }
}
