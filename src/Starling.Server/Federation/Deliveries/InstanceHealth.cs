using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Deliveries;

/// <summary>
/// Tracks whether deliveries to each remote server have been failing. A server that has failed without a break for
/// <see cref="UnavailableAfter"/> is marked unavailable: new deliveries to it wait for the next retry instead of being
/// tried at once. The first delivery it accepts again (or any activity it sends us) clears the mark and releases its
/// waiting queue.
/// </summary>
public sealed class InstanceHealth(IServiceScopeFactory scopes, TimeProvider time, ILogger<InstanceHealth> logger)
{
    public static readonly TimeSpan UnavailableAfter = TimeSpan.FromDays(1);

    /// <summary>How long new deliveries to an unavailable server wait before being tried.</summary>
    public static readonly TimeSpan UnavailableRetry = TimeSpan.FromHours(1);

    // Domains known to be failing on this node, so that the common case (a healthy peer) costs no query per delivery.
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _checked = new(StringComparer.OrdinalIgnoreCase);
    // Until when a failing server's deliveries wait: those claimed in the same batch as a failure wait too.
    private readonly ConcurrentDictionary<string, DateTime> _holdUntil = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keeps deliveries to a server that just failed from being tried before its retry time.</summary>
    public void HoldUntil(string domain, DateTime until) => _holdUntil[domain] = until;

    /// <summary>When deliveries to this server may next be tried, if it is being held back.</summary>
    public DateTime? HeldUntil(string domain, DateTime now) =>
        _holdUntil.TryGetValue(domain, out var until) && until > now ? until : null;

    public async Task RecordSuccessAsync(string domain, CancellationToken cancellationToken)
    {
        if (_checked.ContainsKey(domain) && !_failing.ContainsKey(domain))
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var recovered = await db.RemoteInstances
            .Where(i => i.Domain == domain && (i.ConsecutiveFailures > 0 || i.UnavailableSince != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.ConsecutiveFailures, 0)
                .SetProperty(i => i.FailingSince, (DateTime?)null)
                .SetProperty(i => i.UnavailableSince, (DateTime?)null)
                .SetProperty(i => i.LastSuccessAt, now)
                .SetProperty(i => i.UpdatedAt, now), cancellationToken);
        if (recovered > 0)
        {
            logger.LogInformation("{Domain} accepts deliveries again; its waiting deliveries go out now", domain);
            await db.Deliveries.Where(d => d.Domain == domain && d.State == DeliveryState.Pending && d.RunAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.RunAt, now), cancellationToken);
        }
        _failing.TryRemove(domain, out _);
        _holdUntil.TryRemove(domain, out _);
        _checked.TryAdd(domain, 0);
    }

    public async Task RecordFailureAsync(string domain, CancellationToken cancellationToken)
    {
        _failing[domain] = true;
        _checked.TryAdd(domain, 0);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var instance = await db.RemoteInstances.FirstOrDefaultAsync(i => i.Domain == domain, cancellationToken);
        if (instance is null)
        {
            instance = new RemoteInstance { Domain = domain, CreatedAt = now };
            db.RemoteInstances.Add(instance);
        }
        instance.ConsecutiveFailures++;
        instance.FailingSince ??= now;
        instance.UpdatedAt = now;
        if (instance.UnavailableSince is null && now - instance.FailingSince >= UnavailableAfter)
        {
            instance.UnavailableSince = now;
            logger.LogWarning("{Domain} has failed every delivery since {Since:o}; marked unavailable", domain, instance.FailingSince);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another worker recorded the same failure first; one count is enough.
        }
    }

    /// <summary>When a new delivery to this server should first be tried.</summary>
    public async Task<DateTime> FirstAttemptAsync(AppDbContext db, string domain, DateTime now, CancellationToken cancellationToken)
    {
        if (!_failing.ContainsKey(domain))
        {
            return now;
        }
        var unavailable = await db.RemoteInstances.AnyAsync(i => i.Domain == domain && i.UnavailableSince != null, cancellationToken);
        return unavailable ? now + UnavailableRetry : now;
    }

    /// <summary>An activity arrived from this server, so it is up: deliver to it again.</summary>
    public Task RecordContactAsync(string domain, CancellationToken cancellationToken) => RecordSuccessAsync(domain, cancellationToken);
}
