using Starling.Server.Data.Entities;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>
/// Polls as Mastodon shows them: tallies hidden from everyone until the end when the author asked so, <c>voters_count</c>
/// only on multiple-choice polls, and for a signed-in viewer <c>voted</c> (true for the author too, who has no vote to
/// cast) and <c>own_votes</c>.
/// </summary>
public sealed class PollRenderer(TimeProvider time)
{
    /// <param name="ownVotes">The options the viewer chose; ignored for an anonymous viewer.</param>
    public PollEntity Render(Poll poll, long? viewerId, IReadOnlyList<int>? ownVotes)
    {
        var expired = poll.IsExpiredAt(time.GetUtcNow().UtcDateTime);
        var showTotals = expired || !poll.HideTotals;
        var votes = ownVotes ?? [];
        return new PollEntity
        {
            Id = EntityIds.Of(poll.Id),
            ExpiresAt = poll.ExpiresAt,
            Expired = expired,
            Multiple = poll.Multiple,
            VotesCount = poll.VotesCount,
            VotersCount = poll.Multiple ? poll.VotersCount : null,
            Options = poll.Options.Select((title, index) => new PollOptionEntity
            {
                Title = title,
                VotesCount = showTotals ? (index < poll.Tallies.Count ? poll.Tallies[index] : 0) : null,
            }).ToList(),
            Emojis = [],
            Voted = viewerId is { } viewer ? votes.Count > 0 || poll.AccountId == viewer : null,
            OwnVotes = viewerId is not null ? votes : null,
        };
    }
}
