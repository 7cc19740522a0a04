using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>The activities about a local actor itself: a changed profile and a deleted account, as Mastodon sends them.</summary>
public sealed class ActorActivityBuilder(LocalUrls urls)
{
    /// <summary>The Update that carries a changed profile, the whole actor inside, one id per change.</summary>
    /// <param name="actor">The actor as <see cref="ActorBuilder.Build"/> made it after the change.</param>
    /// <param name="account">The account, whose <see cref="Account.UpdatedAt"/> names the change.</param>
    public Update Update(Actor actor, Account account) => new()
    {
        Id = urls.ActorUpdate(account.Username, account.UpdatedAt),
        Actor = actor.Id!,
        To = [PublicCollection.Id],
        Object = actor,
    };

    /// <summary>The Delete of a local account: its actor id as the object, to the public collection.</summary>
    public Delete Delete(Account account)
    {
        if (!account.IsLocal)
        {
            throw new ArgumentException("Only local accounts are deleted here.", nameof(account));
        }
        var id = urls.Actor(account.Username);
        return new Delete
        {
            Id = urls.ActorDelete(account.Username),
            Actor = id,
            To = [PublicCollection.Id],
            Object = id,
        };
    }

    /// <summary>
    /// A local account's move to <paramref name="target"/>: the actor is its own object, as Mastodon sends a Move, and
    /// followers' servers check that the target names it in <c>alsoKnownAs</c> before moving anyone.
    /// </summary>
    public Move Move(Account account, Account target)
    {
        var id = urls.Actor(account.Username);
        return new Move
        {
            Id = urls.ActorMove(account.Username, account.UpdatedAt),
            Actor = id,
            Object = id,
            Target = urls.ActorUri(target),
        };
    }
}
