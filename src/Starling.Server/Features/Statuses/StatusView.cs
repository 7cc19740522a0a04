using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Statuses;

/// <summary>
/// A status ready to show to one viewer: the row with its author, mentions, tags and boosted original loaded,
/// and the viewer's own interactions with the status that is actually shown (the original, for a boost).
/// </summary>
public sealed record StatusView(Status Status, bool Favourited, bool Reblogged, bool Bookmarked, bool Pinned)
{
    /// <summary>The status whose content is shown: the original when this is a boost.</summary>
    public Status Content => Status.ReblogOf ?? Status;
}
