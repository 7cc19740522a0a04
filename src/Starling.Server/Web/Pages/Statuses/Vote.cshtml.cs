using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Common;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Statuses;

/// <summary>The vote form under a post's poll; back to where the reader was, with the results now shown.</summary>
[Authorize]
public sealed class VoteModel(VotePoll votes, StatusLoader loader) : AppPageModel
{
    [BindProperty]
    public List<int> Choices { get; set; } = [];

    [BindProperty]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var view = await loader.LoadVisibleAsync(id, ViewerId, cancellationToken);
        var poll = view?.Content.Poll ?? throw DomainException.NotFound("Poll");
        await votes.VoteAsync(ViewerId, poll.Id, Choices, cancellationToken);
        Notice("Your vote is counted.");
        return RedirectBack(ReturnUrl, "/", fragment: $"s-{id}");
    }
}
