using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Json;
using Starling.Server.Data;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Outbox;

/// <summary>Send a copy of a report to the server of the remote account it is about.</summary>
public sealed record ForwardReportJob(long ReportId) : IJob
{
    public static string TypeName => "federation.forward-report";
}

/// <summary>
/// Runs after the report is stored, because the Flag is signed by the instance actor, whose key may have to be made
/// first, in a transaction of its own.
/// </summary>
public sealed class ForwardReportJobHandler(AppDbContext db, InteractionActivityBuilder builder, ActivityOutbox outbox, AccountKeys keys, LocalUrls urls) : IJobHandler<ForwardReportJob>
{
    public async Task RunAsync(ForwardReportJob job, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == job.ReportId, cancellationToken);
        var target = report is null ? null : await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == report.TargetAccountId, cancellationToken);
        if (report is null || target is null || target.IsLocal)
        {
            return;
        }
        var statusIds = report.StatusIds.Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var statusUris = await db.Statuses.AsNoTracking()
            .Where(s => EF.Parameter(statusIds).Contains(s.Id) && s.AccountId == target.Id && s.Uri != null)
            .OrderBy(s => s.Id).Select(s => s.Uri!).ToListAsync(cancellationToken);
        var flag = builder.Flag(report, target, statusUris);
        var key = await keys.ForInstanceActorAsync(cancellationToken);
        outbox.Publish(flag.Id!, ActivityStreamsJson.Serialize(flag), new Signer(urls.InstanceActorKeyId, key.PrivateKeyPem),
            new Audience(Accounts: [target.Id]));
        await db.SaveChangesAsync(cancellationToken);
    }
}
