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
public sealed class EditModel(StatusAccess access, EditStatus edit, IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? SpoilerText { get; set; }

    public Status Status { get; private set; } = null!;

    public ComposeForm Form { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Status = await access.FindOwnAsync(id, ViewerId, cancellationToken);
        Form = FormFor(Status.Text, Status.SpoilerText);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var status = await edit.EditAsync(ViewerId, id, Text ?? "", SpoilerText, sensitive: false, cancellationToken);
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
        Form = FormFor(Text ?? "", SpoilerText ?? "");
        return true;
    }

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
    };
}
