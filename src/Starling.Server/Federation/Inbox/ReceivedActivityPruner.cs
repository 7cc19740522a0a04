using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;

namespace Starling.Server.Federation.Inbox;

/// <summary>
/// Forgets the ids of activities received long ago. They are kept so that a peer's retry of a delivery we already took
/// is processed once; peers give up retrying within days (Mastodon after about a week), and a replay of an old request
/// fails the signature's date check anyway, so after <see cref="Retention"/> an id only takes space.
/// </summary>
public sealed class ReceivedActivityPruner(IServiceScopeFactory scopes, TimeProvider time, ILogger<ReceivedActivityPruner> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the ids older than <see cref="Retention"/>; returns how many went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ReceivedActivities.Where(a => a.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var pruned = await PruneAsync(stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Forgot {Count} received activity ids older than {Days} days", pruned, Retention.TotalDays);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pruning received activity ids failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
