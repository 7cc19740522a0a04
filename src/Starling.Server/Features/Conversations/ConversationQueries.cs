using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Features.Conversations;

/// <summary>A conversation as its owner sees it: the other participants and the newest message still there.</summary>
public sealed record ConversationView(DirectConversation Conversation, IReadOnlyList<Account> Participants, StatusView? LastStatus);

/// <summary>A page of conversations, the most recently active first, with the cursors (last message ids) for more.</summary>
public sealed record ConversationPage(IReadOnlyList<ConversationView> Items, long? NextMaxId, long? PrevMinId);

/// <summary>
/// A user's direct-message conversations, ordered and paged by their newest message (as on Mastodon), so a conversation
/// moves to the top when someone writes in it. A conversation whose messages were all deleted is not shown.
/// </summary>
public sealed class ConversationQueries(AppDbContext db, StatusLoader loader)
{
    public async Task<ConversationPage> ListAsync(long viewerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var rows = (await Active(viewerId).ApplyKeyset(page, c => c.LastStatusId).ToListAsync(cancellationToken)).NewestFirst(page);
        var items = await ViewsAsync(viewerId, rows, cancellationToken);
        return new ConversationPage(items, rows.Count > 0 ? rows[^1].LastStatusId : null, rows.Count > 0 ? rows[0].LastStatusId : null);
    }

    /// <summary>One of the viewer's conversations; someone else's is not found.</summary>
    public async Task<ConversationView> FindAsync(long viewerId, long conversationId, CancellationToken cancellationToken = default)
    {
        var row = await Active(viewerId).FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw DomainException.NotFound("Conversation");
        return (await ViewsAsync(viewerId, [row], cancellationToken))[0];
    }

    private IQueryable<ConversationRow> Active(long viewerId) =>
        db.DirectConversations.Where(c => c.AccountId == viewerId)
            .Select(c => new ConversationRow { Id = c.Id, LastStatusId = c.Statuses.Max(s => (long?)s.StatusId) ?? 0 })
            .Where(c => c.LastStatusId != 0);

    /// <summary>Three queries for the whole page: the conversations, their participants, and their last messages.</summary>
    private async Task<IReadOnlyList<ConversationView>> ViewsAsync(long viewerId, List<ConversationRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var conversations = await db.DirectConversations.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        // The viewer too: in notes to oneself, the viewer is the only participant.
        var participantIds = conversations.Values.SelectMany(c => FileDirectMessageJobHandler.ParseParticipantKey(c.ParticipantIds)).Append(viewerId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => participantIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var statuses = (await loader.LoadAsync(rows.Select(r => r.LastStatusId).ToList(), viewerId, cancellationToken)).ToDictionary(v => v.Status.Id);
        return rows.Where(r => conversations.ContainsKey(r.Id)).Select(r =>
        {
            var conversation = conversations[r.Id];
            var others = FileDirectMessageJobHandler.ParseParticipantKey(conversation.ParticipantIds);
            var participants = (others.Count > 0 ? others : [viewerId]).Where(accounts.ContainsKey).Select(id => accounts[id]).ToList();
            return new ConversationView(conversation, participants, statuses.GetValueOrDefault(r.LastStatusId));
        }).ToList();
    }

    // Member-initialised, not positional: EF can translate a filter on a projected property only when it sees the assignments.
    private sealed class ConversationRow
    {
        public long Id { get; init; }
        public long LastStatusId { get; init; }
    }
}

/// <summary>What a user does with a conversation: mark it read, or remove it from their list (a new message brings it back).</summary>
public sealed class ManageConversations(AppDbContext db, ConversationQueries queries)
{
    public async Task<ConversationView> MarkReadAsync(long viewerId, long conversationId, CancellationToken cancellationToken = default)
    {
        var conversation = await FindOwnAsync(viewerId, conversationId, cancellationToken);
        if (conversation.Unread)
        {
            conversation.Unread = false;
            await db.SaveChangesAsync(cancellationToken);
        }
        return await queries.FindAsync(viewerId, conversationId, cancellationToken);
    }

    public async Task RemoveAsync(long viewerId, long conversationId, CancellationToken cancellationToken = default)
    {
        db.DirectConversations.Remove(await FindOwnAsync(viewerId, conversationId, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<DirectConversation> FindOwnAsync(long viewerId, long conversationId, CancellationToken cancellationToken) =>
        await db.DirectConversations.FirstOrDefaultAsync(c => c.Id == conversationId && c.AccountId == viewerId, cancellationToken)
        ?? throw DomainException.NotFound("Conversation");
}
