using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Features.Common;
using Starling.Server.Features.Relationships;
using Starling.Server.Jobs;

namespace Starling.Server.Features.Accounts;

/// <summary>Move the local followers of an account that moved over to its new account.</summary>
public sealed record MoveFollowersJob(long OriginId, long TargetId) : IJob
{
    public static string TypeName => "accounts.move_followers";
}

/// <summary>
/// A remote account moved to another (the caller has checked that the new account names the old one among the ones
/// it also is). The old account records where it went, and its local followers follow the new account instead, as on
/// Mastodon; that is queued, since an account may have many followers here.
/// </summary>
public sealed class ReceiveAccountMove(AppDbContext db, JobQueue jobs)
{
    public async Task MoveAsync(long originId, long targetId, CancellationToken cancellationToken = default)
    {
        if (originId == targetId)
        {
            throw DomainException.Invalid("An account cannot move to itself.");
        }
        var accounts = await db.Accounts.Where(a => a.Id == originId || a.Id == targetId).ToListAsync(cancellationToken);
        var origin = accounts.FirstOrDefault(a => a.Id == originId) ?? throw DomainException.NotFound("Account");
        var target = accounts.FirstOrDefault(a => a.Id == targetId && !a.IsSuspended) ?? throw DomainException.NotFound("Account");
        if (origin.IsLocal)
        {
            throw DomainException.Invalid("Local accounts move through their owner's settings.");
        }
        if (origin.MovedToAccountId == target.Id)
        {
            return;
        }
        origin.MovedToAccountId = target.Id;
        jobs.Enqueue(new MoveFollowersJob(origin.Id, target.Id));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class MoveFollowersJobHandler(AppDbContext db, FollowAccount follows, ILogger<MoveFollowersJobHandler> logger) : IJobHandler<MoveFollowersJob>
{
    public async Task RunAsync(MoveFollowersJob job, CancellationToken cancellationToken)
    {
        var followers = await db.Follows.AsNoTracking()
            .Where(f => f.TargetAccountId == job.OriginId && db.Accounts.Any(a => a.Id == f.AccountId && a.Domain == null))
            .Select(f => new { f.AccountId, f.ShowReblogs, f.Notify })
            .ToListAsync(cancellationToken);
        foreach (var follower in followers)
        {
            try
            {
                if (follower.AccountId != job.TargetId)
                {
                    await follows.FollowAsync(follower.AccountId, job.TargetId, follower.ShowReblogs, follower.Notify, cancellationToken);
                }
                await follows.UnfollowAsync(follower.AccountId, job.OriginId, cancellationToken);
            }
            catch (DomainException refused)
            {
                // A block between the follower and the new account: the follower keeps following the old one.
                db.ChangeTracker.Clear();
                logger.LogInformation("Account {Follower} was not moved from {Origin} to {Target}: {Reason}", follower.AccountId, job.OriginId, job.TargetId, refused.Message);
            }
        }
    }
}
