using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Moderation;
using Starling.Server.Federation.Mapping;
using Status = Starling.Server.Data.Entities.Status;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// A report from another server about a local account and some of its posts, for this server's moderators (reports
/// from a server whose reports are refused are dropped there). A Flag naming several local accounts is filed against
/// the first, since a report is found by the Flag's id.
/// </summary>
public sealed class FlagHandler(LocalObjects local, ReportAccount reports, ILogger<FlagHandler> logger) : InboxHandler<Flag>(logger)
{
    /// <summary>Objects looked at per Flag.</summary>
    public const int MaxObjects = 100;

    protected override async Task HandleAsync(Flag activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Id is not { } flagId)
        {
            Drop(activity, delivery, "a report without an id cannot be told apart from its repeats");
            return;
        }
        var accounts = new List<Data.Entities.Account>();
        var statuses = new List<Status>();
        foreach (var uri in activity.Objects.Select(o => o.Id).OfType<string>().Where(local.IsLocal).Distinct().Take(MaxObjects))
        {
            if (await local.FindAccountAsync(uri, cancellationToken) is { } account)
            {
                accounts.Add(account);
            }
            else if (await local.FindStatusAsync(uri, cancellationToken) is { } status)
            {
                statuses.Add(status);
            }
        }
        var target = accounts.FirstOrDefault() ?? statuses.FirstOrDefault()?.Account;
        if (target is null)
        {
            Drop(activity, delivery, "it names no local account");
            return;
        }
        var reported = statuses.Where(s => s.AccountId == target.Id).Select(s => s.Id).ToList();
        if (await reports.ReceiveRemoteReportAsync(sender.Id, target.Id, reported, activity.Content ?? "", flagId, cancellationToken) is null)
        {
            Drop(activity, delivery, "reports from this server are refused");
        }
    }
}
