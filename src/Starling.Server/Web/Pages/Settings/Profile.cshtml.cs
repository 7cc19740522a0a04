using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Accounts;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Settings;

public sealed class ProfileModel(AccountQueries accounts, UpdateProfile update) : AppPageModel
{
    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public bool Locked { get; set; }

    public string ProfilePath { get; private set; } = "/";

    public int MaxDisplayName => UpdateProfile.MaxDisplayNameLength;

    public int MaxNote => UpdateProfile.MaxNoteLength;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await accounts.ByIdAsync(ViewerId, cancellationToken);
        DisplayName = account.DisplayName;
        Note = account.Note;
        Locked = account.Locked;
        ProfilePath = AccountDisplay.ProfilePath(account);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await update.UpdateAsync(ViewerId, new ProfileChanges(DisplayName ?? "", Note ?? "", Locked), cancellationToken);
        Notice("Your profile is saved.");
        return LocalRedirect("/settings/profile");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        ProfilePath = AccountDisplay.ProfilePath(await accounts.ByIdAsync(ViewerId, cancellationToken));
        return true;
    }
}
