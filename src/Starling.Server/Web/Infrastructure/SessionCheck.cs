using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Web.Infrastructure;

/// <summary>
/// Whether a session cookie still speaks for its user: same security stamp, approved, not suspended. The answer is
/// kept for a minute and forgotten as soon as a commit on this node touches the user or the account, so a password
/// change, suspension or deletion ends sessions at once here (within a minute on other nodes, which ASP.NET Core
/// Identity's default of thirty minutes would call strict).
/// </summary>
public sealed class SessionCheck : ICommittedChangesObserver, IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private sealed record ValidSession(long UserId, string SecurityStamp, Account Account);

    private long _generation;

    /// <summary>The signed-in account when the session is valid, or null. The account is shared: read it, never change it.</summary>
    public async Task<Account?> ValidateAsync(IServiceProvider requestServices, long userId, long accountId, string? securityStamp, CancellationToken cancellationToken)
    {
        if (securityStamp is null)
        {
            return null;
        }
        object key = Key(accountId);
        if (cache.TryGetValue(key, out ValidSession? known) && known is not null)
        {
            return known.UserId == userId && known.SecurityStamp == securityStamp ? known.Account : null;
        }
        var generation = Interlocked.Read(ref _generation);
        // Resolved only now: a database context is not free to create, and most requests never need one here.
        var db = requestServices.GetRequiredService<AppDbContext>();
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.AccountId == accountId && u.Approved && u.Account.SuspendedAt == null)
            .Select(u => new { u.SecurityStamp, u.Account }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }
        // A commit between the read and now may have changed what was read: answer from it, but do not keep it.
        if (generation == Interlocked.Read(ref _generation))
        {
            cache.Set(key, new ValidSession(userId, found.SecurityStamp, found.Account), MaxAge);
        }
        return found.SecurityStamp == securityStamp ? found.Account : null;
    }

    public ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Everything)
        {
            Interlocked.Increment(ref _generation);
            cache.Clear();
            return ValueTask.CompletedTask;
        }
        foreach (var entity in changes.Entities)
        {
            var accountId = entity switch
            {
                User user => user.AccountId,
                Account account => account.Id,
                _ => (long?)null,
            };
            if (accountId is { } id)
            {
                Interlocked.Increment(ref _generation);
                cache.Remove(Key(id));
            }
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose() => cache.Dispose();

    private static long Key(long accountId) => accountId;
}
