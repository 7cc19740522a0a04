using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages;

public sealed class BookmarksModel(TimelineQueries timelines) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public TimelineList Timeline { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        var page = await timelines.BookmarksAsync(ViewerId, request, cancellationToken);
        Timeline = TimelineList.Of(page, request, ViewerId, "/bookmarks",
            "No bookmarks yet", "Bookmark a post to keep it here. Only you can see your bookmarks.");
    }
}
