using Microsoft.AspNetCore.Mvc;
using Starling.Server.Data.Entities;
using Starling.Server.Jobs;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Admin;

/// <summary>The background queue for administrators: how much waits, and the jobs that failed too often.</summary>
public sealed class JobsModel(JobAdministration jobs) : AppPageModel
{
    [BindProperty]
    public long JobId { get; set; }

    public QueueSummary Summary { get; private set; } = null!;

    public IReadOnlyList<Job> Parked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Summary = await jobs.SummaryAsync(cancellationToken);
        Parked = await jobs.ParkedAsync(cancellationToken: cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        Notice(await jobs.RetryAsync(JobId, cancellationToken)
            ? $"Job {JobId} is queued again."
            : $"Job {JobId} is no longer parked; someone may have retried or discarded it already.");
        return LocalRedirect("/admin/jobs");
    }

    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken cancellationToken)
    {
        Notice(await jobs.DiscardAsync(JobId, cancellationToken)
            ? $"Job {JobId} is discarded."
            : $"Job {JobId} is no longer parked; someone may have retried or discarded it already.");
        return LocalRedirect("/admin/jobs");
    }
}
