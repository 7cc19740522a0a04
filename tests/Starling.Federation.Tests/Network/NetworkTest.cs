using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Timelines;
using Starling.Server.Federation.Dereferencing;
using Microsoft.EntityFrameworkCore;

namespace Starling.Federation.Tests.Network;

/// <summary>
/// Two Starling instances, https://alpha.test and https://beta.test, on one test network: real documents, signatures,
/// inboxes and queues, with every request routed in memory. People are found across the network the way a user
/// finds them, by handle through WebFinger.
/// </summary>
public abstract class NetworkTest(TestDatabase database) : IntegrationTest(database)
{
    protected const string Alpha = "alpha.test";
    protected const string Beta = "beta.test";

    protected async Task<(FederationNetwork Network, TestInstance Alpha, TestInstance Beta)> StartPairAsync()
    {
        var network = StartNetwork();
        var alpha = await network.StartAsync(Alpha);
        var beta = await network.StartAsync(Beta);
        return (network, alpha, beta);
    }

    /// <summary>The account <paramref name="handle"/> ("bob@beta.test") as <paramref name="app"/> knows it, found by WebFinger.</summary>
    protected static async Task<Account> FindAsync(TestInstance app, string handle)
    {
        var at = handle.IndexOf('@');
        var account = await app.UseAsync<IRemoteAccountResolver, Account?>(r => r.ResolveHandleAsync(handle[..at], handle[(at + 1)..], CancellationToken.None));
        return account ?? throw new InvalidOperationException($"{handle} could not be found from {app.Server.BaseAddress}.");
    }

    /// <summary>The copy <paramref name="app"/> holds of a status another instance published, found by its ActivityPub id.</summary>
    protected static Task<Status?> CopyAsync(TestInstance app, string uri) =>
        app.DbAsync(db => db.Statuses.AsNoTracking().Include(s => s.Account).FirstOrDefaultAsync(s => s.Uri == uri));

    protected static string StatusUri(string host, string username, long id) => $"https://{host}/users/{username}/statuses/{id}";

    protected static async Task<IReadOnlyList<StatusView>> HomeAsync(TestInstance app, long accountId) =>
        (await app.UseAsync<TimelineQueries, TimelinePage>(t => t.HomeAsync(accountId, new PageRequest(Limit: 40)))).Items;

    protected static async Task<IReadOnlyList<NotificationView>> NotificationsAsync(TestInstance app, long accountId) =>
        (await app.UseAsync<NotificationQueries, NotificationPage>(n => n.ListAsync(accountId, new PageRequest(Limit: 40), new NotificationFilter()))).Items;

    protected static Task<Status> PostAsync(TestInstance app, long authorId, StatusDraft draft) =>
        app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(authorId, draft));
}
