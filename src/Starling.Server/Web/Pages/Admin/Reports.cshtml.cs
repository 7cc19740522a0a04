using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Moderation;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Admin;

/// <summary>Reports waiting for a moderator, with the posts they point at; resolving one takes it off the list.</summary>
public sealed class ReportsModel(ReportQueries reports, ResolveReport resolve) : AppPageModel
{
    [BindProperty]
    public long ReportId { get; set; }

    public ReportQueries.Overview Open { get; private set; } = new([], 0);

    public ReportQueries.Overview Resolved { get; private set; } = new([], 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Open = await reports.OpenAsync(cancellationToken);
        Resolved = await reports.ResolvedAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken cancellationToken)
    {
        await resolve.ResolveAsync(ReportId, cancellationToken);
        Notice($"Report {ReportId} is resolved.");
        return LocalRedirect("/admin/reports");
    }

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken cancellationToken)
    {
        await resolve.ReopenAsync(ReportId, cancellationToken);
        Notice($"Report {ReportId} is open again.");
        return LocalRedirect("/admin/reports");
    }
}
