using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Statuses;

/// <summary>
/// The buttons under a post: boost, favourite, bookmark, pin and delete. A plain form post redirects back to where the
/// reader was; js/app.js posts the same form with fetch and gets the post's fresh action row back instead.
/// </summary>
[Authorize]
public sealed class ActModel(
    FavouriteStatus favourites,
    ReblogStatus reblogs,
    BookmarkStatus bookmarks,
    PinStatus pins,
    DeleteStatus deletes,
    StatusLoader loader) : AppPageModel
{
    [BindProperty]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(long id, string verb, [FromQuery] string? at, CancellationToken cancellationToken)
    {
        var actor = ViewerId;
        Func<Task> action = verb switch
        {
            "favourite" => () => favourites.FavouriteAsync(actor, id, cancellationToken),
            "unfavourite" => () => favourites.UnfavouriteAsync(actor, id, cancellationToken),
            "reblog" => () => reblogs.ReblogAsync(actor, id, cancellationToken: cancellationToken),
            "unreblog" => () => reblogs.UnreblogAsync(actor, id, cancellationToken),
            "bookmark" => () => bookmarks.BookmarkAsync(actor, id, cancellationToken),
            "unbookmark" => () => bookmarks.UnbookmarkAsync(actor, id, cancellationToken),
            "pin" => () => pins.PinAsync(actor, id, cancellationToken),
            "unpin" => () => pins.UnpinAsync(actor, id, cancellationToken),
            "delete" => () => deletes.DeleteAsync(actor, id, cancellationToken: cancellationToken),
            _ => throw DomainException.NotFound("Action"),
        };
        await action();

        if (verb == "delete")
        {
            if (DomainProblemFilter.IsFetch(Request))
            {
                return new NoContentResult();
            }
            Notice("Your post is deleted.");
            // The post's own page is gone now, so go to somewhere that still exists.
            var deletedPage = $"/{id}";
            return ReturnUrl is not null && ReturnUrl.Split('?', '#')[0].EndsWith(deletedPage, StringComparison.Ordinal)
                ? LocalRedirect("/")
                : RedirectBack(ReturnUrl, "/");
        }
        if (DomainProblemFilter.IsFetch(Request))
        {
            var view = await loader.LoadVisibleAsync(id, actor, cancellationToken) ?? throw DomainException.NotFound("Status");
            Response.Headers["X-Starling-Fragment"] = "actions";
            return Partial("_StatusActions", new StatusCard(view, actor));
        }
        var anchor = at is not null && at.StartsWith("s-", StringComparison.Ordinal) && long.TryParse(at[2..], out _) ? at : $"s-{id}";
        return RedirectBack(ReturnUrl, "/", fragment: anchor);
    }
}
