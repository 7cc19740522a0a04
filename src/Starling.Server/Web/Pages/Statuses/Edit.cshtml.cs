using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Statuses;

/// <summary>
/// Editing one's own post: its text, warning and files. The post's files are listed with their alt text and a "Remove"
/// box; new files fill the compose box's slots up to four in all and are stored as the compose form stores them.
/// </summary>
[Authorize]
public sealed class EditModel(StatusAccess access, StatusLoader loader, EditStatus edit, ComposeUploads uploads, LocalUrls urls,
    IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? SpoilerText { get; set; }

    /// <summary>
    /// Starts checked only for a post with files, so a post without files stays as its warning makes it unless the author
    /// adds files and ticks the box.
    /// </summary>
    [BindProperty]
    public bool Sensitive { get; set; }

    /// <summary>What the form says of the files the post holds; a file it does not mention is kept as it is.</summary>
    [BindProperty]
    public List<AttachedMediaInput> Attached { get; set; } = [];

    /// <summary>The slots for new files, which come after the files the post keeps.</summary>
    [BindProperty]
    public List<ComposeMediaInput> Media { get; set; } = [];

    public Status Status { get; private set; } = null!;

    public ComposeForm Form { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Status = await access.FindOwnAsync(id, ViewerId, cancellationToken);
        var current = await CurrentMediaAsync(cancellationToken);
        Sensitive = Status.Sensitive && current.Count > 0;
        Form = FormFor(Status.Text, Status.SpoilerText, current);
    }

    /// <summary>
    /// The post keeps its files not marked for removal, in their order, then takes the new ones; kept files get the alt
    /// text typed for them. One edit saves it all; a refused file or edit changes nothing and deletes the new files stored.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        Status = await access.FindOwnAsync(id, ViewerId, cancellationToken);
        var sent = SentAttachedById();
        var kept = (await CurrentMediaAsync(cancellationToken)).Where(m => !(sent.GetValueOrDefault(m.Id)?.Remove ?? false)).Select(m => m.Id).ToList();
        // An alt text box sent empty binds as null: the author cleared it.
        var descriptions = kept.Where(sent.ContainsKey).Select(mediaId => new MediaAttributes(mediaId, Description: sent[mediaId].Description ?? "")).ToList();
        var status = await uploads.PostWithFilesAsync(ViewerId, Media, ComposeForm.MaxMediaFiles - kept.Count, added =>
            edit.EditAsync(ViewerId, id, new StatusEditDraft(Text ?? "", SpoilerText, Sensitive, MediaIds: [.. kept, .. added], MediaAttributes: descriptions),
                cancellationToken), cancellationToken);
        Notice("Your changes are saved.");
        return LocalRedirect(AccountDisplay.StatusPath(status));
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        if (Problem?.Kind is DomainErrorKind.NotFound or DomainErrorKind.Forbidden || !long.TryParse(RouteData.Values["id"]?.ToString(), out var id))
        {
            return false;
        }
        Status = await access.FindOwnAsync(id, ViewerId, cancellationToken);
        // The files as stored (nothing of the refused edit was saved), with what was typed for each kept.
        Form = FormFor(Text ?? "", SpoilerText ?? "", await CurrentMediaAsync(cancellationToken));
        return true;
    }

    private Dictionary<long, AttachedMediaInput> SentAttachedById() =>
        Attached.DistinctBy(a => a.Id).ToDictionary(a => a.Id);

    /// <summary>The post's files as stored, in the order it shows them.</summary>
    private async Task<IReadOnlyList<MediaAttachment>> CurrentMediaAsync(CancellationToken cancellationToken) =>
        (await loader.LoadOneAsync(Status.Id, ViewerId, cancellationToken))?.Content.MediaAttachments.ToList() ?? [];

    /// <summary>The post's files for the form: as stored, or as the author last sent them (alt text typed, "Remove" ticked).</summary>
    private List<AttachedMedia> AttachedForForm(IReadOnlyList<MediaAttachment> current)
    {
        var sent = SentAttachedById();
        return [.. current.Select(m => sent.GetValueOrDefault(m.Id) is { } typed
            ? new AttachedMedia(m.Id, MediaDisplay.For(m, urls), typed.Description, typed.Remove)
            : new AttachedMedia(m.Id, MediaDisplay.For(m, urls), m.Description, Remove: false))];
    }

    private ComposeForm FormFor(string text, string spoiler, IReadOnlyList<MediaAttachment> current) => new()
    {
        Mode = ComposeMode.Edit,
        Action = AccountDisplay.StatusPath(Status) + "/edit",
        Text = text,
        SpoilerText = spoiler,
        Visibility = Status.Visibility,
        MaxCharacters = options.Value.MaxStatusCharacters,
        Problem = Problem,
        Autofocus = true,
        Attached = AttachedForForm(current),
        Media = Media,
        Sensitive = Sensitive,
        MediaWasSent = Media.Any(m => m.HasFile),
    };
}
