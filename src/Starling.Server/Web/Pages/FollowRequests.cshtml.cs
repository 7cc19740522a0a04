using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Relationships;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages;

/// <summary>People waiting for the reader (with a locked account) to let them follow.</summary>
public sealed class FollowRequestsModel(AccountQueries accounts, AnswerFollowRequest answers) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    [BindProperty]
    public long AccountId { get; set; }

    public AccountList Requests { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken)
    {
        await answers.AuthorizeAsync(ViewerId, AccountId, cancellationToken);
        Notice("Approved. They follow you now.");
        return LocalRedirect("/follow_requests");
    }

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken)
    {
        await answers.RejectAsync(ViewerId, AccountId, cancellationToken);
        Notice("Rejected.");
        return LocalRedirect("/follow_requests");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var request = new PageRequest(MaxId: MaxId);
        var page = await accounts.FollowRequestsAsync(ViewerId, request, cancellationToken);
        Requests = new AccountList(page.Items, page.NextMaxId, page.Items.Count >= request.EffectiveLimit, "/follow_requests",
            "Nobody is waiting. When your account requires follow requests, new ones appear here.");
    }
}
