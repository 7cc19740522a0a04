using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Vocabulary;

public sealed class ObjectReferenceTests
{
    [Fact]
    public void A_uri_reference_has_an_id_and_no_object()
    {
        ObjectReference reference = "https://a.example/users/alice";

        Assert.Equal("https://a.example/users/alice", reference.Id);
        Assert.Null(reference.Object);
        Assert.Equal("https://a.example/users/alice", reference.ToString());
    }

    [Fact]
    public void An_embedded_object_gives_its_own_id_and_a_link_its_href()
    {
        var note = new Note { Id = "https://a.example/notes/1" };
        ObjectReference toNote = note;
        ObjectReference toLink = new Link { Href = "https://a.example/@alice" };

        Assert.Same(note, toNote.Object);
        Assert.Equal("https://a.example/notes/1", toNote.Id);
        Assert.Equal("https://a.example/@alice", toLink.Id);
    }

    [Fact]
    public void Compacted_public_addresses_become_the_full_uri()
    {
        Assert.Equal(PublicCollection.Id, ObjectReference.FromUri("as:Public").Id);
        Assert.Equal(PublicCollection.Id, ObjectReference.FromUri("Public").Id);
        Assert.False(PublicCollection.Matches("https://a.example/Public"));
    }

    [Fact]
    public void An_empty_uri_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ObjectReference.FromUri(""));
    }

    [Fact]
    public void Setting_the_object_of_an_activity_replaces_all_its_objects()
    {
        var flag = new Flag { Objects = ["https://a.example/u/1", "https://a.example/s/2"] };

        flag.Object = "https://a.example/u/3";

        Assert.Equal(["https://a.example/u/3"], flag.Objects.Select(o => o.Id));
        flag.Object = null;
        Assert.Empty(flag.Objects);
    }

    [Fact]
    public void Every_class_names_its_own_type()
    {
        ActivityObject[] all =
        [
            new Person(), new Service(), new Application(), new Group(), new Organization(),
            new Create(), new Update(), new Delete(), new Follow(), new Accept(), new Reject(), new Undo(), new Announce(),
            new Like(), new EmojiReact(), new Block(), new Flag(), new Move(), new Add(), new Remove(),
            new Note(), new Article(), new Page(), new Question(), new Tombstone(), new Emoji(), new PropertyValue(),
            new Link(), new Mention(), new Hashtag(), new Document(), new Image(), new Video(), new Audio(),
            new Collection(), new OrderedCollection(), new CollectionPage(), new OrderedCollectionPage(),
        ];

        Assert.All(all, o => Assert.Equal(o.GetType().Name, o.Type));
        Assert.Equal("Object", new ActivityObject().Type);
    }
}
