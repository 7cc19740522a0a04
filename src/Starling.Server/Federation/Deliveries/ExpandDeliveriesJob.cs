using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Deliveries;

/// <summary>Turns an outbound activity's audience into one delivery per distinct inbox.</summary>
public sealed record ExpandDeliveriesJob(long OutboxActivityId, long? FollowersOf, long[] Accounts, string[] Inboxes) : IJob
{
    public static string TypeName => "federation.expand-deliveries";
}

public sealed class ExpandDeliveriesJobHandler(AppDbContext db, IdGenerator ids, InstanceHealth health, DomainBlockPolicy blocks, DeliverySignal signal, TimeProvider time)
    : IJobHandler<ExpandDeliveriesJob>
{
    public async Task RunAsync(ExpandDeliveriesJob job, CancellationToken cancellationToken)
    {
        var activity = await db.OutboxActivities.AsNoTracking()
            .Where(a => a.Id == job.OutboxActivityId)
            .Select(a => new { a.Id, a.StatusId })
            .FirstOrDefaultAsync(cancellationToken);
        if (activity is null)
        {
            return;
        }
        var inboxes = new HashSet<string>(job.Inboxes, StringComparer.Ordinal);
        if (job.FollowersOf is { } followed)
        {
            // Once per shared inbox: a server with a thousand of our followers gets the activity once.
            inboxes.UnionWith(await db.Follows.Where(f => f.TargetAccountId == followed)
                .Join(db.Accounts.Where(a => a.Domain != null), f => f.AccountId, a => a.Id, (f, a) => a.SharedInboxUrl ?? a.InboxUrl)
                .Where(inbox => inbox != null).Distinct().Select(inbox => inbox!).ToListAsync(cancellationToken));
        }
        if (job.Accounts.Length > 0)
        {
            inboxes.UnionWith(await db.Accounts.Where(a => job.Accounts.Contains(a.Id) && a.Domain != null)
                .Select(a => a.SharedInboxUrl ?? a.InboxUrl).Where(inbox => inbox != null).Select(inbox => inbox!)
                .ToListAsync(cancellationToken));
        }
        // The moderation policy's rules, so a block on a domain covers the servers below its name too.
        var rules = await blocks.RulesAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var inbox in inboxes)
        {
            if (!Uri.TryCreate(inbox, UriKind.Absolute, out var url) || rules.IsSuspended(url.Host))
            {
                continue;
            }
            var domain = url.Authority.ToLowerInvariant();
            db.Deliveries.Add(new Delivery
            {
                Id = ids.Next(),
                OutboxActivityId = activity.Id,
                InboxUrl = inbox,
                Domain = domain,
                State = DeliveryState.Pending,
                RunAt = await health.FirstAttemptAsync(db, domain, now, cancellationToken),
                StatusId = activity.StatusId,
                CreatedAt = now,
            });
            added++;
        }
        if (added == 0)
        {
            await db.OutboxActivities.Where(a => a.Id == activity.Id).ExecuteDeleteAsync(cancellationToken);
            return;
        }
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
    }
}
