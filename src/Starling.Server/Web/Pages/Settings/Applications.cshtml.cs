using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Api.OAuth;
using Starling.Server.Data;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Settings;

/// <summary>The apps the reader has let into their account, with what each may do; revoking one signs it out everywhere.</summary>
public sealed class ApplicationsModel(AppDbContext db, AuthorizedApplications applications) : AppPageModel
{
    public IReadOnlyList<AuthorizedApplication> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Applications = await applications.ListAsync(await UserIdAsync(cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(long applicationId, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(cancellationToken);
        var name = (await applications.ListAsync(userId, cancellationToken)).FirstOrDefault(a => a.ApplicationId == applicationId)?.Name;
        await applications.RevokeAsync(userId, applicationId, cancellationToken);
        Notice(name is null ? "That app had no access." : $"{name} can no longer use your account.");
        return LocalRedirect("/settings/applications");
    }

    private async Task<long> UserIdAsync(CancellationToken cancellationToken)
    {
        var accountId = ViewerId;
        return await db.Users.Where(u => u.AccountId == accountId).Select(u => u.Id).FirstAsync(cancellationToken);
    }
}
