using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Options;
using Starling.Server.Web.Infrastructure;
using Starling.Server.Web.ViewModels;

namespace Starling.Server.Web.Pages.Profiles;

/// <summary>Who follows a profile, or whom it follows.</summary>
public sealed class ConnectionsModel(AccountQueries accounts, IOptions<StarlingOptions> options) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "max_id")]
    public long? MaxId { get; set; }

    public Account Account { get; private set; } = null!;

    public bool Followers { get; private set; }

    public AccountList List { get; private set; } = null!;

    public string LocalDomain => options.Value.Domain;

    public async Task OnGetAsync(string username, string list, CancellationToken cancellationToken)
    {
        Account = await accounts.ByUsernameAsync(username, cancellationToken);
        Followers = list == "followers";
        var request = new PageRequest(MaxId: MaxId);
        var page = Followers
            ? await accounts.FollowersAsync(Account.Id, request, ReaderId, cancellationToken)
            : await accounts.FollowingAsync(Account.Id, request, ReaderId, cancellationToken);
        var name = AccountDisplay.Name(Account);
        List = new AccountList(page.Items, page.NextMaxId, page.Items.Count >= request.EffectiveLimit,
            $"{AccountDisplay.ProfilePath(Account)}/{list}",
            Followers ? $"Nobody follows {name} yet." : $"{name} does not follow anyone yet.");
    }
}
