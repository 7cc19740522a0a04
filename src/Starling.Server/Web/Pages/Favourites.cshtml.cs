using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Timelines;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages;

public sealed class FavouritesModel(TimelineQueries timelines) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public TimelineList Timeline { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        var page = await timelines.FavouritesAsync(ViewerId, request, cancellationToken);
        Timeline = TimelineList.Of(page, request, ViewerId, "/favourites",
            "No favourites yet", "Posts you favourite are collected here.");
    }
}
