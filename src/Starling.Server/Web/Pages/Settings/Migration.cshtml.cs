using Microsoft.AspNetCore.Mvc;
using Starling.Server.Features.Accounts;
using Starling.Server.Infrastructure;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Settings;

/// <summary>Moving an account: the aliases that let another account move here, and the move away to a new account.</summary>
public sealed class MigrationModel(AccountQueries accounts, MoveAccount move, LocalUrls urls) : AppPageModel
{
    [BindProperty]
    public string? AliasHandle { get; set; }

    [BindProperty]
    public string? TargetHandle { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<string> Aliases { get; private set; } = [];

    /// <summary>Where the account went, when it has moved.</summary>
    public string? MovedToPath { get; private set; }

    public string? MovedToHandle { get; private set; }

    /// <summary>The handle other servers know this account by, to name as an alias there.</summary>
    public string OwnHandle { get; private set; } = "";

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAliasAsync(CancellationToken cancellationToken)
    {
        var other = await move.AddAliasAsync(ViewerId, AliasHandle ?? "", cancellationToken);
        Notice($"{AccountDisplay.Handle(other)} can now move to this account.");
        return LocalRedirect("/settings/migration");
    }

    public async Task<IActionResult> OnPostRemoveAliasAsync(string alias, CancellationToken cancellationToken)
    {
        await move.RemoveAliasAsync(ViewerId, alias, cancellationToken);
        Notice("The alias is removed.");
        return LocalRedirect("/settings/migration");
    }

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken cancellationToken)
    {
        var target = await move.MoveToAsync(ViewerId, TargetHandle ?? "", Password ?? "", cancellationToken);
        Notice($"Your account has moved to {AccountDisplay.Handle(target)}. Your followers are being moved there.");
        return LocalRedirect("/settings/migration");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Password = null;
        return true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var account = await accounts.ByIdAsync(ViewerId, cancellationToken);
        Aliases = account.AlsoKnownAs;
        OwnHandle = AccountDisplay.FullHandle(account, urls.Domain);
        if (account.MovedToAccountId is { } movedTo)
        {
            var target = await accounts.ByIdAsync(movedTo, cancellationToken);
            MovedToPath = AccountDisplay.ProfilePath(target);
            MovedToHandle = AccountDisplay.Handle(target);
        }
    }
}
