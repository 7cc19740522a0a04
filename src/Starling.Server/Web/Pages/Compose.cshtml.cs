using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages;

/// <summary>Every compose box posts here. The page itself is the full-screen composer (narrow screens, replies, a refused post shown again).</summary>
[Authorize]
public sealed class ComposeModel(CreateStatus create, StatusLoader loader, IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? SpoilerText { get; set; }

    [BindProperty]
    public Visibility Visibility { get; set; }

    [BindProperty]
    public long? InReplyToId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public ComposeForm Form { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "in_reply_to")] long? inReplyTo, CancellationToken cancellationToken)
    {
        var parent = inReplyTo is { } id ? await loader.LoadVisibleAsync(id, ViewerId, cancellationToken) ?? throw DomainException.NotFound("Status") : null;
        Form = new ComposeForm
        {
            Mode = parent is null ? ComposeMode.New : ComposeMode.Reply,
            Text = parent is null ? "" : ReplyDraft.Mentions(parent, ViewerId),
            Visibility = parent is null ? Visibility.Public : ReplyDraft.VisibilityFor(parent),
            InReplyToId = parent?.Content.Id,
            ReplyingTo = parent,
            ReturnUrl = ReturnUrl ?? (parent is null ? null : AccountDisplay.StatusPath(parent.Content)),
            MaxCharacters = options.Value.MaxStatusCharacters,
            Autofocus = true,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var status = await create.CreateAsync(ViewerId, new StatusDraft(Text ?? "", SpoilerText, Visibility, InReplyToId), cancellationToken);
        Notice(InReplyToId is null ? "Your post is published." : "Your reply is published.");
        return RedirectBack(ReturnUrl, "/", fragment: InReplyToId is null ? null : $"s-{status.Id}");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        var parent = InReplyToId is { } id ? await loader.LoadVisibleAsync(id, ViewerId, cancellationToken) : null;
        Form = new ComposeForm
        {
            Mode = InReplyToId is null ? ComposeMode.New : ComposeMode.Reply,
            Text = Text ?? "",
            SpoilerText = SpoilerText ?? "",
            Visibility = Visibility,
            InReplyToId = parent?.Content.Id,
            ReplyingTo = parent,
            ReturnUrl = ReturnUrl,
            MaxCharacters = options.Value.MaxStatusCharacters,
            Problem = Problem,
        };
        return true;
    }
}
