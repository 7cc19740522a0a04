namespace Starling.Server.Data.Entities;

/// <summary>An account no longer wants notifications about a thread (keyed by the thread's root, <see cref="Status.ConversationId"/>).</summary>
public sealed class ConversationMute
{
    public long AccountId { get; set; }
    public long ConversationId { get; set; }
    public DateTime CreatedAt { get; set; }
}
