using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Accounts;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;
using Account = Starling.Server.Data.Entities.Account;

namespace Starling.Server.Federation.Inbox.Handlers;

/// <summary>
/// An account moved to a new one: believed only when the new account says it is also the old one (alsoKnownAs), as
/// on Mastodon; then the old account's followers here follow the new one instead.
/// </summary>
public sealed class MoveHandler(
    LocalObjects local,
    IRemoteAccountResolver accounts,
    IRemoteObjectFetcher fetcher,
    ReceiveAccountMove moves,
    ILogger<MoveHandler> logger) : InboxHandler<Move>(logger)
{
    protected override async Task HandleAsync(Move activity, InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = delivery.Sender;
        if (activity.Object?.Id != sender.Uri)
        {
            Drop(activity, delivery, "an account moves only itself");
            return;
        }
        if (activity.Target?.Id is not { } targetUri || targetUri == sender.Uri)
        {
            Drop(activity, delivery, "it names no new account");
            return;
        }
        var target = await NewAccountAsync(targetUri, sender.Uri!, cancellationToken);
        if (target is null)
        {
            Drop(activity, delivery, "the new account does not say it is the old one");
            return;
        }
        await moves.MoveAsync(sender.Id, target.Id, cancellationToken);
    }

    /// <summary>The new account, when it names the old one; a copy held here that does not is fetched again, as the alias is usually new.</summary>
    private async Task<Account?> NewAccountAsync(string targetUri, string originUri, CancellationToken cancellationToken)
    {
        if (local.IsLocal(targetUri))
        {
            return await local.FindAccountAsync(targetUri, cancellationToken) is { } localAccount && localAccount.AlsoKnownAs.Contains(originUri)
                ? localAccount
                : null;
        }
        var target = await accounts.ResolveAsync(targetUri, cancellationToken);
        if (target is not null && target.AlsoKnownAs.Contains(originUri))
        {
            return target;
        }
        if (await fetcher.FetchAsync(targetUri, cancellationToken) is Actor fresh && fresh.Id == targetUri && fresh.AlsoKnownAs.Contains(originUri))
        {
            return await accounts.UpsertAsync(fresh, cancellationToken);
        }
        return null;
    }
}
