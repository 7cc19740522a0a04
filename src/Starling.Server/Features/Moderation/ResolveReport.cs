using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Moderation;

/// <summary>A moderator marks a report as dealt with, or opens it again.</summary>
public sealed class ResolveReport(AppDbContext db, TimeProvider time)
{
    /// <summary>Marks the report resolved; resolving it again keeps the first time.</summary>
    public async Task<Report> ResolveAsync(long reportId, CancellationToken cancellationToken = default)
    {
        var report = await FindAsync(reportId, cancellationToken);
        if (report.ResolvedAt is null)
        {
            report.ResolvedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return report;
    }

    public async Task<Report> ReopenAsync(long reportId, CancellationToken cancellationToken = default)
    {
        var report = await FindAsync(reportId, cancellationToken);
        if (report.ResolvedAt is not null)
        {
            report.ResolvedAt = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        return report;
    }

    private async Task<Report> FindAsync(long reportId, CancellationToken cancellationToken) =>
        await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken) ?? throw DomainException.NotFound("Report");
}
