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

namespace Starling.Server.Web.Pages;

/// <summary>The home timeline for a signed-in reader; for a visitor, the local timeline with a welcome.</summary>
[OutputCache(PolicyName = TimelinePageCachePolicy.Name)]
public sealed class IndexModel(TimelineQueries timelines, FilterMatcher filters) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public TimelineList Timeline { get; private set; } = null!;

    public bool SignedIn => Viewer.IsSignedIn;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        if (Viewer.AccountId is { } viewer)
        {
            var home = await timelines.HomeAsync(viewer, request, cancellationToken);
            HttpContext.TagPage(home.Items);
            var filtered = await filters.MatchAsync(viewer, FilterContexts.Home, home.Items, cancellationToken);
            Timeline = TimelineList.Of(home, request, viewer, "/",
                "Your home timeline is empty",
                "Follow people to fill your home with their posts. The local timeline shows what everyone on this server is saying.",
                emptyLinkHref: "/public/local", emptyLinkText: "See what people here are saying", filtered: filtered);
            return;
        }
        var local = await timelines.LocalAsync(null, request, cancellationToken);
        HttpContext.TagPage(ResponseCacheTags.PublicTimelines);
        HttpContext.TagPage(local.Items);
        Timeline = TimelineList.Of(local, request, null, "/",
            "Nothing here yet", "Nobody on this server has posted in public yet. Create an account and be the first.");
    }
}
