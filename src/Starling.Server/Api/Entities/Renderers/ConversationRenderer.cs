using Starling.Server.Data.Entities;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Api.Entities.Renderers;

/// <summary>Direct-message threads as Mastodon clients expect them.</summary>
public sealed class ConversationRenderer(AccountRenderer accounts, StatusRenderer statuses)
{
    /// <param name="participants">Everyone in the thread; the viewer is left out, as Mastodon lists only the others.</param>
    public ConversationEntity Render(long conversationId, bool unread, IEnumerable<Account> participants, StatusView? lastStatus, long viewerId) => new()
    {
        Id = EntityIds.Of(conversationId),
        Unread = unread,
        Accounts = accounts.Render(participants.Where(a => a.Id != viewerId).DistinctBy(a => a.Id)),
        LastStatus = lastStatus is null ? null : statuses.Render(lastStatus, viewerId),
    };
}
