using Starling.ActivityPub.Vocabulary;
using Block = Starling.Server.Data.Entities.Block;
using As = Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>
/// The activities between two actors that carry no content of their own: follows and their answers, likes, blocks,
/// and the Undo of each. Ids are fragments of the local actor's id, unique per row, so an Undo can name what it undoes.
/// </summary>
public sealed class InteractionActivityBuilder(LocalUrls urls)
{
    private string ActorId(Account account) => urls.ActorUri(account);

    public string FollowId(Account follower, long requestId) => $"{urls.Actor(follower.Username)}#follows/{requestId}";

    public As.Follow Follow(Account follower, Account target, string followId) => new()
    {
        Id = followId,
        Actor = ActorId(follower),
        Object = ActorId(target),
    };

    /// <summary>The target's answer to a Follow; it names the Follow by the id its sender gave it.</summary>
    public Accept Accept(Account target, Account follower, string? followId, long followRowId) => new()
    {
        Id = $"{urls.Actor(target.Username)}#accepts/follows/{followRowId}",
        Actor = ActorId(target),
        Object = EmbeddedFollow(follower, target, followId),
    };

    public Reject Reject(Account target, Account follower, string? followId, long requestRowId) => new()
    {
        Id = $"{urls.Actor(target.Username)}#rejects/follows/{requestRowId}",
        Actor = ActorId(target),
        Object = EmbeddedFollow(follower, target, followId),
    };

    public Undo UndoFollow(Account follower, Account target, string? followId) => Undo(follower, EmbeddedFollow(follower, target, followId));

    public Like Like(Account actor, Favourite favourite, string statusUri) => new()
    {
        Id = $"{urls.Actor(actor.Username)}#likes/{favourite.Id}",
        Actor = ActorId(actor),
        Object = statusUri,
    };

    public Undo UndoLike(Account actor, Favourite favourite, string statusUri) => Undo(actor, Like(actor, favourite, statusUri));

    public As.Block Block(Account actor, Account target, Block block) => new()
    {
        Id = $"{urls.Actor(actor.Username)}#blocks/{block.Id}",
        Actor = ActorId(actor),
        Object = ActorId(target),
    };

    public Undo UndoBlock(Account actor, Account target, Block block) => Undo(actor, Block(actor, target, block));

    /// <summary>One choice in a remote poll, as Mastodon votes: a Note addressed to the poll's author, named by the option.</summary>
    public Create Vote(Account voter, Account pollAuthor, Poll poll, int choice, string questionId)
    {
        var voteId = $"{urls.Actor(voter.Username)}#votes/{poll.Id}/{choice}";
        var note = new Note
        {
            Id = voteId,
            Name = poll.Options[choice],
            AttributedTo = ActorId(voter),
            InReplyTo = questionId,
            To = [ActorId(pollAuthor)],
        };
        return new Create { Id = $"{voteId}/activity", Actor = ActorId(voter), Object = note, To = [ActorId(pollAuthor)] };
    }

    /// <summary>A pin or unpin: the status added to or removed from the account's featured collection.</summary>
    public Activity FeaturedChange(Account account, StatusPin pin, bool added)
    {
        var statusUri = urls.StatusUri(account.Username, pin.StatusId);
        var featured = urls.Featured(account.Username);
        return added
            ? new Add { Id = $"{featured}#add/{pin.Id}", Actor = ActorId(account), Object = statusUri, Target = featured }
            : new Remove { Id = $"{featured}#remove/{pin.Id}", Actor = ActorId(account), Object = statusUri, Target = featured };
    }

    /// <summary>
    /// A report forwarded to the reported account's server, as Mastodon forwards one: from the instance actor, so the
    /// reporter stays anonymous there, naming the account and the posts given as evidence, with the reporter's comment.
    /// </summary>
    public Flag Flag(Report report, Account target, IReadOnlyList<string> statusUris) => new()
    {
        Id = $"{urls.InstanceActor}#reports/{report.Id}",
        Actor = urls.InstanceActor,
        Content = report.Comment,
        Objects = [ActorId(target), .. statusUris.Select(uri => (ObjectReference)uri)],
    };

    /// <summary>Undo ids derive from what they undo, so sending the same Undo twice is recognisably the same activity.</summary>
    private Undo Undo(Account actor, Activity undone) => new()
    {
        Id = $"{undone.Id}/undo",
        Actor = ActorId(actor),
        Object = undone,
    };

    // Peers match a Follow by its id when they kept it, else by its actor and object, so send all three.
    private As.Follow EmbeddedFollow(Account follower, Account target, string? followId) => new()
    {
        Id = followId,
        Actor = ActorId(follower),
        Object = ActorId(target),
    };
}
