using Tombstone = Starling.ActivityPub.Vocabulary.Tombstone;

namespace Starling.Server.Federation.Outbox.Builders;

/// <summary>What is left of something this server published and deleted: served with 410 Gone, and the object of a Delete.</summary>
public sealed class TombstoneBuilder
{
    /// <summary>From the row kept at deletion: the old id, what it was (Note, Person) and when it went.</summary>
    public Tombstone Build(Data.Entities.Tombstone row) => new()
    {
        Id = row.Uri,
        FormerType = row.FormerType,
        Deleted = DocumentTimes.Utc(row.DeletedAt),
    };

    /// <summary>A bare tombstone, as Mastodon puts in a Delete: the id alone.</summary>
    public Tombstone Build(string uri) => new() { Id = uri };
}
