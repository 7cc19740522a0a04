using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>
/// Local accounts as ActivityPub actors, in the shape Mastodon publishes: a <see cref="Person"/>, or a
/// <see cref="Service"/> for a bot, and the server's own <see cref="Application"/> actor.
/// </summary>
public sealed class ActorBuilder(LocalUrls urls)
{
    /// <summary>
    /// The actor document of a local account. A suspended account is published as Mastodon publishes one: marked
    /// <c>suspended</c>, named by its username, with its bio, fields, pictures and aliases withheld, so other servers
    /// can show it as suspended and undo that when it is lifted.
    /// </summary>
    public Actor Build(ActorSource source)
    {
        var account = source.Account;
        if (!account.IsLocal)
        {
            throw new ArgumentException("Only local accounts are published here.", nameof(source));
        }
        var username = account.Username;
        var available = !account.IsSuspended;
        Actor actor = account.Bot ? new Service() : new Person();
        actor.Id = urls.Actor(username);
        actor.PreferredUsername = username;
        actor.Name = available && account.DisplayName.Length > 0 ? account.DisplayName : username;
        actor.Summary = available ? account.NoteHtml : "";
        actor.Url = urls.Profile(username);
        actor.Inbox = urls.Inbox(username);
        actor.Outbox = urls.Outbox(username);
        actor.Followers = urls.Followers(username);
        actor.Following = urls.Following(username);
        actor.Featured = urls.Featured(username);
        actor.FeaturedTags = urls.FeaturedTags(username);
        actor.Endpoints = new ActorEndpoints { SharedInbox = urls.SharedInbox };
        actor.PublicKey = new PublicKey { Id = source.Key.KeyId, Owner = actor.Id, PublicKeyPem = source.Key.PublicKeyPem };
        actor.ManuallyApprovesFollowers = available && account.Locked;
        actor.Discoverable = available && account.Discoverable;
        actor.Indexable = available && account.Indexable;
        // Mastodon rounds the join date down to the day, so it does not tell when exactly someone signed up.
        actor.Published = DocumentTimes.Day(account.CreatedAt);
        if (!available)
        {
            actor.Suspended = true;
            return actor;
        }
        // Mastodon sends each field's value as HTML, its links made clickable.
        actor.Attachment = account.Fields.Select(field => new PropertyValue { Name = field.Name, Value = field.ValueHtml }).ToList();
        actor.Icon = Picture(source.Avatar);
        actor.Image = Picture(source.Header);
        actor.AlsoKnownAs = account.AlsoKnownAs;
        actor.MovedTo = source.MovedToUri;
        return actor;
    }

    /// <summary>
    /// The server's own actor, which signs what the server fetches for itself. Named after the domain, as Mastodon
    /// named its own; it never accepts followers unasked.
    /// </summary>
    public Application BuildInstanceActor(ServerKey key)
    {
        var id = urls.InstanceActor;
        return new Application
        {
            Id = id,
            PreferredUsername = urls.Domain,
            Url = urls.Home,
            Inbox = urls.InstanceActorInbox,
            Outbox = urls.InstanceActorOutbox,
            Endpoints = new ActorEndpoints { SharedInbox = urls.SharedInbox },
            PublicKey = new PublicKey { Id = urls.InstanceActorKeyId, Owner = id, PublicKeyPem = key.PublicKeyPem },
            ManuallyApprovesFollowers = true,
        };
    }

    private static Image? Picture(ActorPicture? picture) =>
        picture is null ? null : new Image { MediaType = picture.MediaType, Url = picture.Url };
}
