using Starling.Server.Features.Relationships;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Relationships as Mastodon clients expect them, from <see cref="RelationshipQueries"/>. Starling has no per-language
/// follows, domain blocks, endorsements or private notes yet: <c>languages</c> is null, <c>domain_blocking</c> and
/// <c>endorsed</c> are false and <c>note</c> is "".
/// </summary>
public sealed class RelationshipRenderer
{
    public RelationshipEntity Render(Relationship relationship) => new()
    {
        Id = EntityIds.Of(relationship.TargetId),
        Following = relationship.Following,
        ShowingReblogs = relationship.ShowingReblogs,
        Notifying = relationship.Notifying,
        Languages = null,
        FollowedBy = relationship.FollowedBy,
        Blocking = relationship.Blocking,
        BlockedBy = relationship.BlockedBy,
        Muting = relationship.Muting,
        MutingNotifications = relationship.MutingNotifications,
        Requested = relationship.Requested,
        RequestedBy = relationship.RequestedBy,
        DomainBlocking = false,
        Endorsed = false,
        Note = "",
    };

    public IReadOnlyList<RelationshipEntity> Render(IEnumerable<Relationship> relationships) => relationships.Select(Render).ToList();
}
