using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

public sealed class MastodonDocumentTests
{
    [Fact]
    public void An_actor_reads_with_every_profile_property()
    {
        var actor = Fixtures.Read<Person>("Mastodon/actor.json");

        Assert.Equal("https://mastodon.example/users/Gargron", actor.Id);
        Assert.Equal("Person", actor.Type);
        Assert.Equal("Gargron", actor.PreferredUsername);
        Assert.Equal("Eugen Rochko :verified:", actor.Name);
        Assert.StartsWith("<p>Founder", actor.Summary);
        Assert.Equal("https://mastodon.example/@Gargron", actor.Url?.Id);
        Assert.Equal("https://mastodon.example/users/Gargron/inbox", actor.Inbox);
        Assert.Equal("https://mastodon.example/users/Gargron/outbox", actor.Outbox);
        Assert.Equal("https://mastodon.example/users/Gargron/followers", actor.Followers);
        Assert.Equal("https://mastodon.example/users/Gargron/following", actor.Following);
        Assert.Equal("https://mastodon.example/users/Gargron/collections/featured", actor.Featured);
        Assert.Equal("https://mastodon.example/users/Gargron/collections/tags", actor.FeaturedTags);
        Assert.Equal("https://mastodon.example/inbox", actor.Endpoints?.SharedInbox);
        Assert.Equal("https://mastodon.example/inbox", actor.PreferredInbox);
        Assert.False(actor.ManuallyApprovesFollowers);
        Assert.True(actor.Discoverable);
        Assert.True(actor.Indexable);
        Assert.False(actor.Memorial);
        Assert.Null(actor.Suspended);
        Assert.Equal(new DateTimeOffset(2016, 3, 16, 0, 0, 0, TimeSpan.Zero), actor.Published);
        Assert.Equal(["https://old.example/users/gargron"], actor.AlsoKnownAs);
        Assert.Null(actor.MovedTo);

        Assert.Equal("https://mastodon.example/users/Gargron#main-key", actor.PublicKey?.Id);
        Assert.Equal("https://mastodon.example/users/Gargron", actor.PublicKey?.Owner);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\nMIIBIjAN", actor.PublicKey?.PublicKeyPem);

        Assert.Equal("image/jpeg", actor.Icon?.MediaType);
        Assert.EndsWith("/avatars/000/000/001/original/dc4286ceb8fab734.jpg", actor.Icon?.Url?.Id);
        Assert.EndsWith("/headers/000/000/001/original/3b91c9965d00888b.jpeg", actor.Image?.Url?.Id);

        var fields = actor.Attachment.OfType<PropertyValue>().ToList();
        Assert.Equal(["Patreon", "Homepage"], fields.Select(f => f.Name));
        Assert.Contains("patreon.com/mastodon", fields[0].Value);

        var emoji = Assert.IsType<Emoji>(Assert.Single(actor.Tag));
        Assert.Equal(":verified:", emoji.Name);
        Assert.Equal("https://mastodon.example/emojis/40321", emoji.Id);
        Assert.EndsWith("verified.png", emoji.Icon?.Url?.Id);
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero), emoji.Updated);
    }

    [Fact]
    public void A_note_reads_with_addressing_tags_media_and_collections()
    {
        var note = Fixtures.Read<Note>("Mastodon/note.json");

        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470853", note.Id);
        Assert.Equal("cooking", note.Summary);
        Assert.True(note.Sensitive);
        Assert.Equal("https://other.example/users/bob/statuses/113503400000000000", note.InReplyTo?.Id);
        Assert.Null(note.InReplyTo?.Object);
        Assert.Equal("https://mastodon.example/users/alice", note.AttributedTo?.Id);
        Assert.Equal("https://mastodon.example/@alice/113503426045470853", note.Url?.Id);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 12, 34, 56, TimeSpan.Zero), note.Published);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 12, 40, 0, TimeSpan.Zero), note.Updated);
        Assert.Equal([PublicCollection.Id], note.To.Select(r => r.Id));
        Assert.Equal(["https://mastodon.example/users/alice/followers", "https://other.example/users/bob"], note.Cc.Select(r => r.Id));
        Assert.True(note.IsPublic);
        Assert.Contains("soup is ready", note.Content);
        Assert.Equal(note.Content, note.ContentMap?["en"]);

        var media = Assert.IsType<Document>(Assert.Single(note.Attachment));
        Assert.Equal("image/jpeg", media.MediaType);
        Assert.Equal("A pot of tomato soup", media.Name);
        Assert.EndsWith("/original/soup.jpg", media.Url?.Id);
        Assert.Equal("UFE.Ioxu00WB~qoffQWB4nWB-;ofIUj[ofj[", media.Blurhash);
        Assert.Equal([0.25, -0.5], media.FocalPoint);
        Assert.Equal(1600, media.Width);
        Assert.Equal(1200, media.Height);

        var mention = Assert.IsType<Mention>(note.Tag[0]);
        Assert.Equal("https://other.example/users/bob", mention.Href);
        Assert.Equal("@bob@other.example", mention.Name);
        var hashtag = Assert.IsType<Hashtag>(note.Tag[1]);
        Assert.Equal("#cooking", hashtag.Name);
        Assert.Equal("https://mastodon.example/tags/cooking", hashtag.Href);

        var replies = Assert.IsType<Collection>(note.Replies?.Object);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470853/replies", note.Replies?.Id);
        var firstPage = Assert.IsType<CollectionPage>(replies.First?.Object);
        Assert.Equal(replies.Id, firstPage.PartOf?.Id);
        Assert.Contains("page=true", firstPage.Next?.Id);
        Assert.Empty(firstPage.Items);
        Assert.Equal(12, Assert.IsType<Collection>(note.Likes?.Object).TotalItems);
        Assert.Equal(3, Assert.IsType<Collection>(note.Shares?.Object).TotalItems);
    }

    [Fact]
    public void An_outbox_and_its_page_read_with_their_links_and_embedded_activities()
    {
        var outbox = Fixtures.Read<OrderedCollection>("Mastodon/outbox.json");
        Assert.Equal(1520, outbox.TotalItems);
        Assert.Equal("https://mastodon.example/users/alice/outbox?page=true", outbox.First?.Id);
        Assert.Equal("https://mastodon.example/users/alice/outbox?min_id=0&page=true", outbox.Last?.Id);

        var page = Fixtures.Read<OrderedCollectionPage>("Mastodon/outbox-page.json");
        Assert.Equal("https://mastodon.example/users/alice/outbox", page.PartOf?.Id);
        Assert.Contains("max_id=113503426045470853", page.Next?.Id);
        Assert.Contains("min_id=113503500000000000", page.Prev?.Id);
        Assert.Equal(2, page.Members.Count);
        var announce = Assert.IsType<Announce>(page.OrderedItems[0].Object);
        Assert.Equal("https://other.example/users/bob/statuses/113503400000000000", announce.Object?.Id);
        var create = Assert.IsType<Create>(page.OrderedItems[1].Object);
        Assert.Equal("<p>soup</p>", Assert.IsType<Note>(create.Object?.Object).Content);
    }
}
