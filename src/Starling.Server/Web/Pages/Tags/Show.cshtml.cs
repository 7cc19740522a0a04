using Microsoft.AspNetCore.Mvc;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Timelines;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Tags;

public sealed class ShowModel(TimelineQueries timelines, FilterMatcher filters) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public string DisplayName { get; private set; } = "";

    public TimelineList Timeline { get; private set; } = null!;

    public async Task OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        DisplayName = await timelines.TagDisplayNameAsync(name, cancellationToken) ?? name;
        var page = await timelines.TagAsync(Viewer.AccountId, name, request, cancellationToken);
        var filtered = await filters.MatchAsync(Viewer.AccountId, FilterContexts.Public, page.Items, cancellationToken);
        Timeline = TimelineList.Of(page, request, Viewer.AccountId,
            "/tags/" + Uri.EscapeDataString(name),
            $"No posts with #{DisplayName} yet", "Public posts that use this hashtag appear here.", filtered: filtered);
    }
}
