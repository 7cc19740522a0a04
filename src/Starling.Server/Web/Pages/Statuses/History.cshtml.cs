using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Statuses;

/// <summary>Every version of a post, newest first, for anyone who may see the post.</summary>
public sealed class HistoryModel(EditStatus edits, StatusLoader loader) : AppPageModel
{
    public StatusView Status { get; private set; } = null!;

    public IReadOnlyList<StatusEdit> Versions { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Versions = (await edits.HistoryAsync(id, Viewer.AccountId, cancellationToken)).Reverse().ToList();
        Status = await loader.LoadVisibleAsync(id, Viewer.AccountId, cancellationToken) ?? throw DomainException.NotFound("Status");
    }
}
