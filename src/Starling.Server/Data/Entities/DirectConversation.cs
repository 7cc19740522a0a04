namespace Starling.Server.Data.Entities;

/// <summary>
/// One account's view of a thread of direct messages with a given set of people (Mastodon's account conversation):
/// the same thread with different participants is a different conversation.
/// </summary>
public sealed class DirectConversation
{
    public long Id { get; set; }
    /// <summary>Whose conversation this is.</summary>
    public long AccountId { get; set; }
    /// <summary>The thread's root (<see cref="Status.ConversationId"/>).</summary>
    public long ThreadId { get; set; }
    /// <summary>The other participants' account ids, ascending, separated by spaces; empty for notes to oneself.</summary>
    public required string ParticipantIds { get; set; }
    /// <summary>Someone else wrote in it since the owner last read it or wrote in it.</summary>
    public bool Unread { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<DirectConversationStatus> Statuses { get; set; } = [];
}

/// <summary>A direct message in a conversation; deleting the status removes it, and the last remaining one is shown.</summary>
public sealed class DirectConversationStatus
{
    public long ConversationId { get; set; }
    public long StatusId { get; set; }
}
