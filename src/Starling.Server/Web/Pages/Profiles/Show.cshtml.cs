using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Timelines;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Profiles;

/// <summary>A profile: who they are, how the reader stands with them, and their posts (pinned first).</summary>
public sealed class ShowModel(
    AccountQueries accounts,
    TimelineQueries timelines,
    RelationshipQueries relationships,
    FollowAccount follows,
    MuteAccount mutes,
    BlockAccount blocks,
    FilterMatcher filters,
    IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Username { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public Account Account { get; private set; } = null!;

    public Relationship? Relationship { get; private set; }

    /// <summary>The account this one moved to, when it has moved.</summary>
    public Account? MovedTo { get; private set; }

    public TimelineList Timeline { get; private set; } = null!;

    public bool WithReplies => Tab == "with_replies";

    public bool IsOwn => ReaderId == Account.Id;

    public string LocalDomain => options.Value.Domain;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostFollowAsync(CancellationToken cancellationToken) =>
        ActAsync(async (actor, target) =>
        {
            var outcome = await follows.FollowAsync(actor, target.Id, cancellationToken: cancellationToken);
            Notice(outcome == FollowOutcome.Requested
                ? $"Follow request sent. {AccountDisplay.Name(target)} decides whether to accept it."
                : $"You follow {AccountDisplay.Name(target)} now.");
        }, cancellationToken);

    public Task<IActionResult> OnPostUnfollowAsync(CancellationToken cancellationToken) =>
        ActAsync((actor, target) => follows.UnfollowAsync(actor, target.Id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostMuteAsync(CancellationToken cancellationToken) =>
        ActAsync(async (actor, target) =>
        {
            await mutes.MuteAsync(actor, target.Id, cancellationToken: cancellationToken);
            Notice($"Muted. {AccountDisplay.Name(target)}'s posts no longer show in your timelines.");
        }, cancellationToken);

    public Task<IActionResult> OnPostUnmuteAsync(CancellationToken cancellationToken) =>
        ActAsync((actor, target) => mutes.UnmuteAsync(actor, target.Id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostBlockAsync(CancellationToken cancellationToken) =>
        ActAsync(async (actor, target) =>
        {
            await blocks.BlockAsync(actor, target.Id, cancellationToken);
            Notice($"Blocked. You and {AccountDisplay.Name(target)} no longer see each other's posts.");
        }, cancellationToken);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken cancellationToken) =>
        ActAsync((actor, target) => blocks.UnblockAsync(actor, target.Id, cancellationToken), cancellationToken);

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        if (Problem?.Kind == DomainErrorKind.NotFound)
        {
            return false;
        }
        await LoadAsync(cancellationToken);
        return true;
    }

    private async Task<IActionResult> ActAsync(Func<long, Account, Task> action, CancellationToken cancellationToken)
    {
        if (ReaderId is not { } actor)
        {
            return Challenge();
        }
        var target = await accounts.ByUsernameAsync(Username, cancellationToken);
        await action(actor, target);
        return LocalRedirect(Request.Path);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Account = await accounts.ByUsernameAsync(Username, cancellationToken);
        if (Account.MovedToAccountId is { } movedTo)
        {
            MovedTo = await accounts.ByIdAsync(movedTo, cancellationToken);
        }
        var viewer = ReaderId;
        if (viewer is { } id && id != Account.Id)
        {
            Relationship = await relationships.ForAsync(id, Account.Id, cancellationToken);
        }
        var request = new PageRequest(MaxId: MaxId);
        var page = await timelines.AccountAsync(viewer, Account.Id, request, WithReplies, cancellationToken);
        var basePath = AccountDisplay.ProfilePath(Account) + (WithReplies ? "/with_replies" : "");
        var items = page.Items;
        HashSet<long> pinnedIds = [];
        if (!WithReplies && MaxId is null)
        {
            // Pinned posts lead the first page; each post is listed once.
            var pinned = await timelines.PinnedAsync(viewer, Account.Id, cancellationToken);
            pinnedIds = pinned.Select(p => p.Status.Id).ToHashSet();
            items = [.. pinned, .. page.Items.Where(s => !pinnedIds.Contains(s.Status.Id))];
        }
        var filtered = await filters.MatchAsync(viewer, FilterContexts.Account, items, cancellationToken);
        Timeline = new TimelineList(items, viewer, page.NextMaxId, TimelineList.IsFull(page.Items.Count, request), basePath,
            "No posts yet", IsOwn ? "Your posts will appear here." : "When they post, it will show up here.",
            PinnedIds: pinnedIds, Filtered: filtered);
    }
}
