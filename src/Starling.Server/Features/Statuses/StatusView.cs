using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// A status ready to show to one viewer: the row with its author, mentions, tags and boosted original loaded,
/// and the viewer's own interactions with the status that is actually shown (the original, for a boost).
/// </summary>
/// <param name="Muted">The viewer muted the thread the shown status belongs to.</param>
/// <param name="OwnVotes">The options the viewer chose in the shown status's poll, in order; empty when none.</param>
public sealed record StatusView(Status Status, bool Favourited, bool Reblogged, bool Bookmarked, bool Pinned,
    bool Muted = false, IReadOnlyList<int>? OwnVotes = null)
{
    /// <summary>The status whose content is shown: the original when this is a boost.</summary>
    public Status Content => Status.ReblogOf ?? Status;

    /// <summary>Whether the viewer has a say in the shown poll no longer: voted, or wrote it.</summary>
    public bool HasVoted(long? viewerId) => (OwnVotes?.Count ?? 0) > 0 || (viewerId is { } viewer && Content.Poll?.AccountId == viewer);
}
