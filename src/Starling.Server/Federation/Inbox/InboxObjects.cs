using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;
using Account = Starling.Server.Data.Entities.Account;
using Status = Starling.Server.Data.Entities.Status;

namespace Starling.Server.Federation.Inbox;

/// <summary>What the inbox handlers ask about the objects activities name, answered the same way for all of them.</summary>
public sealed class InboxObjects(AppDbContext db, IRemoteObjectFetcher fetcher, LocalObjects local)
{
    /// <summary>
    /// The object as its origin vouches for it. An embedded object is believed when it lives on the sender's own
    /// server; a bare id, or an object that claims to live elsewhere, is fetched from its id and believed as fetched.
    /// Null when it has no id, is this server's own, or cannot be fetched.
    /// </summary>
    public async Task<ActivityObject?> VouchedAsync(ObjectReference? reference, Account sender, CancellationToken cancellationToken)
    {
        if (reference?.Id is not { } id || local.IsLocal(id))
        {
            return null;
        }
        if (reference.Object is { } embedded and not Link && Hosts.Same(id, sender.Uri))
        {
            return embedded;
        }
        var fetched = await fetcher.FetchAsync(id, cancellationToken);
        return fetched?.Id == id ? fetched : null;
    }

    /// <summary>A status named by id, without fetching: this server's own, or one already stored (a boost by its Announce id).</summary>
    public async Task<Status?> KnownStatusAsync(string? uri, CancellationToken cancellationToken)
    {
        if (uri is null)
        {
            return null;
        }
        return local.IsLocal(uri)
            ? await local.FindStatusAsync(uri, cancellationToken)
            : await db.Statuses.Include(s => s.Account).FirstOrDefaultAsync(s => s.Uri == uri, cancellationToken);
    }

    public Task<Account?> LocalAccountAsync(string? uri, CancellationToken cancellationToken) => local.FindAccountAsync(uri, cancellationToken);

    /// <summary>Whether someone here follows the account, which makes what it publishes worth storing.</summary>
    public Task<bool> HasLocalFollowersAsync(long accountId, CancellationToken cancellationToken) =>
        db.Follows.AnyAsync(f => f.TargetAccountId == accountId && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null), cancellationToken);

    /// <summary>
    /// The local account whose Follow of the sender an Accept or Reject answers: found by the Follow's id when this
    /// server's request (or follow) kept it, else by the embedded Follow's actor and object, as peers that kept no id send it.
    /// </summary>
    public async Task<long?> AnsweredFollowerAsync(ObjectReference? follow, Account sender, CancellationToken cancellationToken)
    {
        if (follow?.Id is { } followId)
        {
            var byId = await db.FollowRequests.Where(r => r.Uri == followId && r.TargetAccountId == sender.Id).Select(r => (long?)r.AccountId).FirstOrDefaultAsync(cancellationToken)
                ?? await db.Follows.Where(f => f.Uri == followId && f.TargetAccountId == sender.Id).Select(f => (long?)f.AccountId).FirstOrDefaultAsync(cancellationToken);
            if (byId is not null)
            {
                return byId;
            }
        }
        if (follow?.Object is Follow embedded && embedded.Object?.Id == sender.Uri && await local.FindAccountAsync(embedded.Actor?.Id, cancellationToken) is { } follower)
        {
            return follower.Id;
        }
        return null;
    }
}
