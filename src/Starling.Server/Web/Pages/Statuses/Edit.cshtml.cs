using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Statuses;

[Authorize]
public sealed class EditModel(StatusAccess access, StatusLoader loader, EditStatus edit, IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? SpoilerText { get; set; }

    /// <summary>Asked only of a post with files (the box is not on the form otherwise, so a post without files stays as its warning makes it).</summary>
    [BindProperty]
    public bool Sensitive { get; set; }

    public Status Status { get; private set; } = null!;

    private bool _hasMedia;

    public ComposeForm Form { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Status = await access.FindOwnAsync(id, ViewerId, cancellationToken);
        await LoadMediaAsync(cancellationToken);
        Sensitive = Status.Sensitive;
        Form = FormFor(Status.Text, Status.SpoilerText);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var status = await edit.EditAsync(ViewerId, id, Text ?? "", SpoilerText, Sensitive, cancellationToken);
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
        await LoadMediaAsync(cancellationToken);
        Form = FormFor(Text ?? "", SpoilerText ?? "");
        return true;
    }

    private async Task LoadMediaAsync(CancellationToken cancellationToken) =>
        _hasMedia = (await loader.LoadOneAsync(Status.Id, ViewerId, cancellationToken))?.Content.MediaAttachments.Count > 0;

    private ComposeForm FormFor(string text, string spoiler) => new()
    {
        Mode = ComposeMode.Edit,
        Action = AccountDisplay.StatusPath(Status) + "/edit",
        Text = text,
        SpoilerText = spoiler,
        Visibility = Status.Visibility,
        MaxCharacters = options.Value.MaxStatusCharacters,
        Problem = Problem,
        Autofocus = true,
        HasMedia = _hasMedia,
        Sensitive = Sensitive,
    };
}
