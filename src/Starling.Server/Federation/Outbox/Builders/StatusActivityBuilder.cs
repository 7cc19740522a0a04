using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>
/// The activities that publish local statuses, with ids made as Mastodon makes them: <c>{status}/activity</c> for the
/// Create (and a boost's Announce), <c>{status}#updates/{unix time}</c> for each Update, <c>{status}#delete</c>.
/// </summary>
public sealed class StatusActivityBuilder(LocalUrls urls, NoteBuilder notes, StatusAddressing addressing, TombstoneBuilder tombstones)
{
    /// <summary>What a status is in an outbox: a boost's Announce, or the Create of anything else.</summary>
    public Activity Build(StatusSource source) => source.Status.IsReblog ? Announce(source.Status) : Create(source);

    /// <summary>The Create that publishes a status, the Note (or Question) inside, addressed as the note is.</summary>
    public Create Create(StatusSource source)
    {
        var note = notes.Build(source);
        var status = source.Status;
        return new Create
        {
            Id = urls.StatusActivity(status.Account.Username, status.Id),
            Actor = note.AttributedTo,
            Published = note.Published,
            To = note.To,
            Cc = note.Cc,
            Object = note,
        };
    }

    /// <summary>
    /// The Update that carries a changed status: after an edit (at <see cref="Status.EditedAt"/>) or, given
    /// <paramref name="changedAt"/>, after a change that is not an edit (a poll's new tallies). Each change gets its own id.
    /// </summary>
    public Update Update(StatusSource source, DateTime? changedAt = null)
    {
        var status = source.Status;
        var at = changedAt ?? status.EditedAt ?? throw new ArgumentException("The status was never edited; say when it changed.", nameof(changedAt));
        var note = notes.Build(source);
        return new Update
        {
            Id = urls.StatusUpdate(status.Account.Username, status.Id, at),
            Actor = note.AttributedTo,
            Published = DocumentTimes.Utc(at),
            To = note.To,
            Cc = note.Cc,
            Object = note,
        };
    }

    /// <summary>
    /// The Delete of a status: a bare Tombstone, to the public collection whatever the status's audience, as Mastodon
    /// sends it (who receives it is the delivery's business, and the tombstone tells nothing).
    /// </summary>
    /// <param name="status">The deleted status (or boost, for which an Undo is the usual message) with its author.</param>
    public Delete Delete(Status status)
    {
        var author = status.Account;
        if (!author.IsLocal)
        {
            throw new ArgumentException("Only local statuses are deleted here.", nameof(status));
        }
        return new Delete
        {
            Id = urls.StatusDelete(author.Username, status.Id),
            Actor = urls.Actor(author.Username),
            To = [PublicCollection.Id],
            Object = tombstones.Build(urls.StatusUri(status)),
        };
    }

    /// <summary>
    /// A boost: the Announce whose id is the boost's own URI, naming the boosted status by its id, addressed like a
    /// status of the boost's visibility with the boosted author in <c>cc</c>.
    /// </summary>
    /// <param name="boost">A local boost with its author, and the boosted status with its author.</param>
    public Announce Announce(Status boost)
    {
        var author = boost.Account;
        if (!author.IsLocal || boost.ReblogOf is not { } original)
        {
            throw new ArgumentException("Only local boosts (with the boosted status loaded) are announced here.", nameof(boost));
        }
        var audience = addressing.For(boost);
        return new Announce
        {
            Id = urls.ReblogActivityUri(author.Username, boost.Id),
            Actor = urls.Actor(author.Username),
            Published = DocumentTimes.Utc(boost.CreatedAt),
            To = audience.To.Select(ObjectReference.FromUri).ToList(),
            Cc = audience.Cc.Select(ObjectReference.FromUri).ToList(),
            Object = urls.StatusUri(original),
        };
    }

    /// <summary>The Undo of a boost, the Announce inside, to the public collection, as Mastodon sends it.</summary>
    public Undo UndoAnnounce(Status boost)
    {
        var announce = Announce(boost);
        return new Undo
        {
            Id = urls.UndoReblog(boost.Account.Username, boost.Id),
            Actor = announce.Actor,
            To = [PublicCollection.Id],
            Object = announce,
        };
    }
}
