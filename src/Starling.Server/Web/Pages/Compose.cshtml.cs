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
public sealed class ComposeModel(CreateStatus create, ComposeUploads uploads, StatusLoader loader, IOptions<StarlingOptions> options) : AppPageModel
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

    /// <summary>The file slots, in the order the author wants them shown.</summary>
    [BindProperty]
    public List<ComposeMediaInput> Media { get; set; } = [];

    [BindProperty]
    public bool Sensitive { get; set; }

    public ComposeForm Form { get; private set; } = null!;

    /// <summary>
    /// The largest request this page and the edit page take (set for them alone in <see cref="WebSetup"/>): four files of
    /// the largest kind allowed, and room for the text and the form's framing. The rules on which files go together are the upload's.
    /// </summary>
    public static long MaxRequestBytes(MediaOptions limits) =>
        ComposeForm.MaxMediaFiles * Math.Max(limits.MaxUploadBytes, limits.MaxVideoBytes) + 1024 * 1024;

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

    /// <summary>The files are stored first (<see cref="ComposeUploads"/>), then the post claims them all at once.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var status = await uploads.PostWithFilesAsync(ViewerId, Media, ComposeForm.MaxMediaFiles, mediaIds =>
            create.CreateAsync(ViewerId, new StatusDraft(Text ?? "", SpoilerText, Visibility, InReplyToId, Sensitive: Sensitive, MediaIds: mediaIds),
                cancellationToken), cancellationToken);
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
            Media = Media,
            Sensitive = Sensitive,
            MediaWasSent = Media.Any(m => m.HasFile),
        };
        return true;
    }
}
