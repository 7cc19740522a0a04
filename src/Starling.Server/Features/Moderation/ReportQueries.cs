using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Moderation;

/// <summary>A report with who filed it, whom it is about, and the posts it points at that still exist.</summary>
public sealed record ReportView(Report Report, Account Reporter, Account Target, IReadOnlyList<Status> Statuses);

/// <summary>Reports as moderators read them.</summary>
public sealed class ReportQueries(AppDbContext db)
{
    public const int PageSize = 100;

    public sealed record Overview(IReadOnlyList<ReportView> Reports, int Total);

    /// <summary>Reports not yet resolved, oldest first (the longest waiting on top), at most <see cref="PageSize"/>.</summary>
    public Task<Overview> OpenAsync(CancellationToken cancellationToken = default) =>
        ListAsync(db.Reports.Where(r => r.ResolvedAt == null).OrderBy(r => r.Id), cancellationToken);

    /// <summary>Reports resolved, the most recently filed first, at most <see cref="PageSize"/>.</summary>
    public Task<Overview> ResolvedAsync(CancellationToken cancellationToken = default) =>
        ListAsync(db.Reports.Where(r => r.ResolvedAt != null).OrderByDescending(r => r.Id), cancellationToken);

    private async Task<Overview> ListAsync(IQueryable<Report> reports, CancellationToken cancellationToken)
    {
        var total = await reports.CountAsync(cancellationToken);
        var page = await reports.AsNoTracking().Take(PageSize).ToListAsync(cancellationToken);
        var accountIds = page.SelectMany(r => new[] { r.AccountId, r.TargetAccountId }).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => EF.Parameter(accountIds).Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var statusIds = page.SelectMany(r => r.StatusIds).Select(id => long.TryParse(id, out var parsed) ? parsed : 0).Distinct().ToList();
        var statuses = await db.Statuses.AsNoTracking().Include(s => s.Account).Where(s => EF.Parameter(statusIds).Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var views = page.Select(r => new ReportView(r, accounts[r.AccountId], accounts[r.TargetAccountId],
            r.StatusIds.Select(id => long.TryParse(id, out var parsed) && statuses.TryGetValue(parsed, out var status) ? status : null).OfType<Status>().ToList())).ToList();
        return new Overview(views, total);
    }
}
