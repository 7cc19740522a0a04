using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Notifications;
using Starling.Server.Options;

namespace Starling.Server.Web.Infrastructure;

/// <summary>What the layout shows around every page: the reader, their unread and pending counts, the server's name.</summary>
public sealed class Navigation(CurrentViewer viewer, NotificationQueries notifications, AccountQueries accounts, IOptions<StarlingOptions> options)
{
    public sealed record State(Account? Account, bool IsAdmin, int UnreadNotifications, int FollowRequests);

    public string InstanceName => options.Value.InstanceName;

    public int MaxStatusCharacters => options.Value.MaxStatusCharacters;

    public RegistrationMode Registrations => options.Value.Registrations;

    public async Task<State> LoadAsync(CancellationToken cancellationToken = default)
    {
        var account = await viewer.AccountAsync(cancellationToken);
        if (account is null)
        {
            return new State(null, false, 0, 0);
        }
        return new State(
            account,
            viewer.IsAdmin,
            await notifications.UnreadCountAsync(account.Id, cancellationToken),
            await accounts.FollowRequestCountAsync(account.Id, cancellationToken));
    }
}
