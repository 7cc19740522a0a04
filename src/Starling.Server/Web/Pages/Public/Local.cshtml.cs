using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Public;

public sealed class LocalModel(TimelineQueries timelines) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public TimelineList Timeline { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        var page = await timelines.LocalAsync(Viewer.AccountId, request, cancellationToken);
        Timeline = new TimelineList(page.Items, Viewer.AccountId, page.NextMaxId, TimelineList.IsFull(page.Items.Count, request), "/public/local",
            "Nothing here yet", "Public posts by people on this server appear here.");
    }
}
