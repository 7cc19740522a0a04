using System.Globalization;
using System.Text;
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
        var rows = new List<(string Inbox, string Domain, DateTime RunAt)>(inboxes.Count);
        foreach (var inbox in inboxes)
        {
            if (!Uri.TryCreate(inbox, UriKind.Absolute, out var url) || rules.IsSuspended(url.Host))
            {
                continue;
            }
            var domain = url.Authority.ToLowerInvariant();
            rows.Add((inbox, domain, await health.FirstAttemptAsync(db, domain, now, cancellationToken)));
        }
        if (rows.Count == 0)
        {
            await db.OutboxActivities.Where(a => a.Id == activity.Id).ExecuteDeleteAsync(cancellationToken);
            return;
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var chunk in rows.Chunk(RowsPerInsert))
            {
                await InsertAsync(activity.Id, activity.StatusId, chunk, now, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        signal.Notify();
    }

    // A post to a thousand servers is a thousand rows: written a hundred to a statement rather than one by one,
    // so the first deliveries go out within milliseconds of the post.
    private const int RowsPerInsert = 100;

    private Task InsertAsync(long activityId, long? statusId, (string Inbox, string Domain, DateTime RunAt)[] rows, DateTime now, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            "INSERT INTO deliveries (id, outbox_activity_id, inbox_url, domain, state, attempts, run_at, status_id, created_at) VALUES ");
        var parameters = new List<object> { activityId, now, (int)DeliveryState.Pending };
        var status = "NULL";
        if (statusId is { } id)
        {
            parameters.Add(id);
            status = "{3}";
        }
        for (var i = 0; i < rows.Length; i++)
        {
            var at = parameters.Count;
            parameters.Add(ids.Next());
            parameters.Add(rows[i].Inbox);
            parameters.Add(rows[i].Domain);
            parameters.Add(rows[i].RunAt);
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                $"({{{at}}}, {{0}}, {{{at + 1}}}, {{{at + 2}}}, {{2}}, 0, {{{at + 3}}}, {status}, {{1}})");
        }
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
    }
}
