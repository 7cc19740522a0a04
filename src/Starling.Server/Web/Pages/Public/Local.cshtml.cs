using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Timelines;
using Starling.Server.Infrastructure.Caching;
using Starling.Server.Web.Caching;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Public;

[OutputCache(PolicyName = TimelinePageCachePolicy.Name)]
public sealed class LocalModel(TimelineQueries timelines, FilterMatcher filters) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public TimelineList Timeline { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        var page = await timelines.LocalAsync(Viewer.AccountId, request, cancellationToken);
        HttpContext.TagPage(ResponseCacheTags.PublicTimelines);
        HttpContext.TagPage(page.Items);
        var filtered = await filters.MatchAsync(Viewer.AccountId, FilterContexts.Public, page.Items, cancellationToken);
        Timeline = TimelineList.Of(page, request, Viewer.AccountId, "/public/local",
            "Nothing here yet", "Public posts by people on this server appear here.", filtered: filtered);
    }
}
