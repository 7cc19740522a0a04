using Starling.Server.Data.Entities;
using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Direct-message threads as Mastodon clients expect them.</summary>
public sealed class ConversationRenderer(AccountRenderer accounts, StatusRenderer statuses)
{
    /// <param name="participants">
    /// Everyone in the thread; the viewer is left out, as Mastodon lists only the others, unless the viewer is alone in it
    /// (notes to oneself), when Mastodon lists the viewer.
    /// </param>
    /// <param name="filtered">The viewer's filter matches (<see cref="StatusPresenter.MatchAsync"/>).</param>
    public ConversationEntity Render(long conversationId, bool unread, IEnumerable<Account> participants, StatusView? lastStatus, long viewerId,
        IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>? filtered = null)
    {
        var everyone = participants.DistinctBy(a => a.Id).ToList();
        var others = everyone.Where(a => a.Id != viewerId).ToList();
        return new ConversationEntity
        {
            Id = EntityIds.Of(conversationId),
            Unread = unread,
            Accounts = accounts.Render(others.Count > 0 ? others : everyone),
            LastStatus = lastStatus is null ? null : statuses.Render(lastStatus, viewerId, filtered: filtered),
        };
    }
}
