using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Events;

/// <summary>A status or a boost was created.</summary>
public sealed record StatusCreated(Status Status) : IDomainEvent;

public sealed record StatusEdited(Status Status) : IDomainEvent;

public sealed record StatusDeleted(long StatusId, long AccountId) : IDomainEvent;

public sealed record StatusFavourited(Favourite Favourite, Status Status) : IDomainEvent;

/// <summary>A boost; it also raises <see cref="StatusCreated"/> for the boost row itself.</summary>
public sealed record StatusReblogged(Status Reblog, Status Original) : IDomainEvent;

/// <param name="ByApproval">The target approved a request, so there is no one to tell about it.</param>
public sealed record AccountFollowed(Follow Follow, bool ByApproval) : IDomainEvent;

public sealed record FollowRequested(FollowRequest Request) : IDomainEvent;

/// <summary>A follow ended (unfollow or block): the follower's home must forget the other's posts.</summary>
public sealed record AccountUnfollowed(long AccountId, long TargetAccountId) : IDomainEvent;

/// <summary>A local user reported an account; <see cref="Forward"/> asks for a copy to go to its server (a Flag), only ever true for remote accounts.</summary>
public sealed record AccountReported(Report Report, bool Forward) : IDomainEvent;
