using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Events;

/// <summary>A local account was registered.</summary>
public sealed record AccountCreated(Account Account) : IDomainEvent;

/// <summary>A local account is about to be deleted, with everything it made; its rows still exist.</summary>
public sealed record AccountDeleted(Account Account) : IDomainEvent;

/// <summary>A status or a boost was created.</summary>
public sealed record StatusCreated(Status Status) : IDomainEvent;

public sealed record StatusEdited(Status Status) : IDomainEvent;

/// <summary>A status or a boost was deleted; <see cref="Status"/> is the row as it was, with what its consequences must name.</summary>
public sealed record StatusDeleted(Status Status) : IDomainEvent
{
    public long StatusId => Status.Id;
    public long AccountId => Status.AccountId;
}

public sealed record StatusFavourited(Favourite Favourite, Status Status) : IDomainEvent;

public sealed record StatusUnfavourited(Favourite Favourite, Status Status) : IDomainEvent;

/// <summary>A boost; it also raises <see cref="StatusCreated"/> for the boost row itself.</summary>
public sealed record StatusReblogged(Status Reblog, Status Original) : IDomainEvent;

/// <param name="ByApproval">The target approved a request, so there is no one to tell about it.</param>
public sealed record AccountFollowed(Follow Follow, bool ByApproval) : IDomainEvent;

public sealed record FollowRequested(FollowRequest Request) : IDomainEvent;

/// <summary>The owner of a locked account turned a request down.</summary>
public sealed record FollowRequestRejected(FollowRequest Request) : IDomainEvent;

/// <summary>The requester took back a request that was still pending.</summary>
public sealed record FollowRequestWithdrawn(FollowRequest Request) : IDomainEvent;

/// <summary>A follow ended (unfollow or block): the follower's home must forget the other's posts.</summary>
/// <param name="FollowUri">The id of the Follow activity that began it, when one was exchanged with another server.</param>
/// <param name="EndedByTarget">The followed account's server ended it (a Reject), so it needs no telling.</param>
public sealed record AccountUnfollowed(long AccountId, long TargetAccountId, string? FollowUri = null, bool EndedByTarget = false) : IDomainEvent;

public sealed record AccountBlocked(Block Block) : IDomainEvent;

public sealed record AccountUnblocked(Block Block) : IDomainEvent;

/// <summary>A local profile changed (name, bio, fields, locked, bot, discoverable).</summary>
public sealed record ProfileUpdated(Account Account) : IDomainEvent;

public sealed record PollVoted(Poll Poll, long VoterId, IReadOnlyList<int> Choices) : IDomainEvent;

public sealed record StatusPinned(StatusPin Pin) : IDomainEvent;

public sealed record StatusUnpinned(StatusPin Pin) : IDomainEvent;

/// <summary>A local user reported an account; <see cref="Forward"/> asks for a copy to go to its server (a Flag), only ever true for remote accounts.</summary>
public sealed record AccountReported(Report Report, bool Forward) : IDomainEvent;

/// <summary>A local account moved to <see cref="Target"/>, which names it among the accounts it also is.</summary>
public sealed record AccountMoved(Account Account, Account Target) : IDomainEvent;
