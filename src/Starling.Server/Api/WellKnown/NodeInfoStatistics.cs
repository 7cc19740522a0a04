using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.NodeInfo;
using Starling.Server.Data;

namespace Starling.Server.Api.WellKnown;

/// <summary>
/// The usage counts NodeInfo publishes, counted at most once per <see cref="Lifetime"/>: crawlers ask often, and the
/// counts scan whole tables. Active means having posted in the last 30 (month) or 180 days (half year): Starling does
/// not record sign-ins, the other half of Mastodon's measure.
/// </summary>
public sealed class NodeInfoStatistics(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _counting = new(1, 1);
    private (NodeInfoUsage Usage, DateTimeOffset CountedAt)? _last;

    public async Task<NodeInfoUsage> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } usage)
        {
            return usage;
        }
        await _counting.WaitAsync(cancellationToken);
        try
        {
            // Someone else may have counted while this request waited.
            if (Fresh() is { } counted)
            {
                return counted;
            }
            var now = time.GetUtcNow();
            var result = await CountAsync(now.UtcDateTime, cancellationToken);
            _last = (result, now);
            return result;
        }
        finally
        {
            _counting.Release();
        }
    }

    private NodeInfoUsage? Fresh() =>
        _last is { } last && time.GetUtcNow() - last.CountedAt < Lifetime ? last.Usage : null;

    private async Task<NodeInfoUsage> CountAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var monthAgo = now.AddDays(-30);
        var halfYearAgo = now.AddDays(-180);
        var users = db.Users.Where(u => u.Approved && u.ConfirmedAt != null && u.Account.SuspendedAt == null);
        return new NodeInfoUsage
        {
            Users = new NodeInfoUsers
            {
                Total = await users.CountAsync(cancellationToken),
                ActiveMonth = await users.CountAsync(u => u.Account.LastStatusAt >= monthAgo, cancellationToken),
                ActiveHalfyear = await users.CountAsync(u => u.Account.LastStatusAt >= halfYearAgo, cancellationToken),
            },
            LocalPosts = await db.Statuses.CountAsync(s => s.Account.Domain == null && s.ReblogOfId == null, cancellationToken),
        };
    }
}
