using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Json;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Jobs;

namespace Starling.Server.Federation.Outbox;

public enum StatusActivityKind
{
    Create,
    Update,
    Announce,
}

/// <summary>Publish a local status (or boost) to the servers that should have it: built after the commit, so posting stays fast.</summary>
public sealed record PublishStatusJob(long StatusId, StatusActivityKind Kind) : IJob
{
    public static string TypeName => "federation.publish-status";
}

/// <summary>Publish a local account's changed profile to its followers' servers.</summary>
public sealed record PublishProfileJob(long AccountId) : IJob
{
    public static string TypeName => "federation.publish-profile";
}

/// <summary>
/// A status goes where Mastodon sends it: its author's followers' servers (unless it is a direct message), the servers
/// of everyone it mentions, and the server of the account it replies to; a boost to the followers and the boosted
/// author. A status deleted before this runs is not published at all.
/// </summary>
public sealed class PublishStatusJobHandler(
    AppDbContext db,
    StatusDocumentLoader loader,
    StatusActivityBuilder builder,
    ActivityOutbox outbox,
    AccountKeys keys) : IJobHandler<PublishStatusJob>
{
    public async Task RunAsync(PublishStatusJob job, CancellationToken cancellationToken)
    {
        if (await loader.LoadOneAsync(job.StatusId, cancellationToken) is not { } source || !source.Status.Account.IsLocal)
        {
            return;
        }
        var status = source.Status;
        var activity = job.Kind switch
        {
            StatusActivityKind.Announce => (ActivityPub.Vocabulary.Activity)builder.Announce(status),
            StatusActivityKind.Update => builder.Update(source),
            _ => builder.Create(source),
        };
        var accounts = new List<long>();
        if (status.ReblogOf is { } original)
        {
            accounts.Add(original.AccountId);
        }
        else
        {
            accounts.AddRange(status.Mentions.Select(m => m.AccountId));
            if (status.InReplyToAccountId is { } parentAuthor)
            {
                accounts.Add(parentAuthor);
            }
        }
        var followers = status.Visibility == Visibility.Direct ? (long?)null : status.AccountId;
        var key = await keys.ForLocalAccountAsync(status.Account, cancellationToken);
        outbox.Publish(activity.Id!, ActivityStreamsJson.Serialize(activity), new Signer(key.KeyId, key.PrivateKeyPem!),
            new Audience(FollowersOf: followers, Accounts: accounts), statusId: status.Id);
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class PublishProfileJobHandler(
    AppDbContext db,
    ActorDocumentLoader loader,
    ActorBuilder actors,
    ActorActivityBuilder builder,
    ActivityOutbox outbox) : IJobHandler<PublishProfileJob>
{
    public async Task RunAsync(PublishProfileJob job, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == job.AccountId && a.Domain == null, cancellationToken);
        if (account is null)
        {
            return;
        }
        var source = await loader.LoadAsync(account, cancellationToken);
        var update = builder.Update(actors.Build(source), account);
        outbox.Publish(update.Id!, ActivityStreamsJson.Serialize(update), new Signer(source.Key.KeyId, source.Key.PrivateKeyPem!),
            new Audience(FollowersOf: account.Id));
        await db.SaveChangesAsync(cancellationToken);
    }
}
