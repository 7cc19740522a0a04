using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

/// <summary>Shapes real servers send that the specification allows, or that are wrong but harmless.</summary>
public sealed class TolerantReadingTests
{
    private static ActivityObject Read(string json) => ActivityStreamsJson.Deserialize(json);

    [Theory]
    [InlineData("""{"type":["Note","https://example.com/ns#Extra"]}""", typeof(Note), "Note")]
    [InlineData("""{"type":["schema:Thing","Person"]}""", typeof(Person), "Person")]
    [InlineData("""{"type":"as:Note"}""", typeof(Note), "Note")]
    [InlineData("""{"type":"https://www.w3.org/ns/activitystreams#Announce"}""", typeof(Announce), "Announce")]
    [InlineData("""{"type":"Event","name":"Party"}""", typeof(ActivityObject), "Event")]
    [InlineData("""{"type":["Event","Place"]}""", typeof(ActivityObject), "Event")]
    [InlineData("""{"name":"untyped"}""", typeof(ActivityObject), "Object")]
    [InlineData("""{"type":null}""", typeof(ActivityObject), "Object")]
    public void The_type_picks_the_class_and_unknown_types_keep_their_name(string json, Type expectedClass, string expectedType)
    {
        var document = Read(json);

        Assert.Equal(expectedClass, document.GetType());
        Assert.Equal(expectedType, document.Type);
    }

    [Fact]
    public void An_unknown_type_keeps_the_common_properties()
    {
        var document = Read("""{"id":"https://e.example/events/1","type":"Event","name":"Party","startTime":"2026-01-01T00:00:00Z","to":"Public"}""");

        Assert.Equal("https://e.example/events/1", document.Id);
        Assert.Equal("Party", document.Name);
        Assert.True(document.IsPublic);
    }

    [Theory]
    [InlineData("https://www.w3.org/ns/activitystreams#Public")]
    [InlineData("as:Public")]
    [InlineData("Public")]
    public void Every_spelling_of_the_public_collection_reads_as_the_full_uri(string spelling)
    {
        var note = ActivityStreamsJson.Deserialize<Note>($$"""{"type":"Note","to":"{{spelling}}","cc":["{{spelling}}"]}""");

        Assert.Equal(PublicCollection.Id, Assert.Single(note.To).Id);
        Assert.Equal(PublicCollection.Id, Assert.Single(note.Cc).Id);
        Assert.True(PublicCollection.Matches(spelling));
    }

    [Fact]
    public void References_read_from_strings_objects_links_and_arrays()
    {
        var note = ActivityStreamsJson.Deserialize<Note>("""
            {
              "type": "Note",
              "attributedTo": [{"type": "Person", "id": "https://v.example/accounts/a"}, {"type": "Group", "id": "https://v.example/channels/c"}],
              "inReplyTo": {"type": "Note", "id": "https://o.example/notes/1", "content": "parent"},
              "url": [{"type": "Link", "mediaType": "text/html", "href": "https://v.example/w/1"}, {"type": "Link", "mediaType": "video/mp4", "href": "https://v.example/1.mp4"}],
              "generator": {"type": "Application", "name": "Some App"},
              "replies": "https://o.example/notes/2/replies",
              "to": [null, "", "https://o.example/users/x"]
            }
            """);

        Assert.Equal("https://v.example/accounts/a", note.AttributedTo?.Id);
        Assert.IsType<Person>(note.AttributedTo?.Object);
        Assert.Equal("parent", Assert.IsType<Note>(note.InReplyTo?.Object).Content);
        Assert.Equal("https://o.example/notes/1", note.InReplyTo?.Id);
        Assert.Equal("https://v.example/w/1", note.Url?.Id);
        Assert.Equal("Some App", Assert.IsType<Application>(note.Generator?.Object).Name);
        Assert.Null(note.Generator?.Id);
        Assert.Equal("https://o.example/notes/2/replies", note.Replies?.Id);
        Assert.Equal(["https://o.example/users/x"], note.To.Select(r => r.Id));
    }

    [Fact]
    public void Icons_read_from_a_url_an_array_or_another_media_type()
    {
        var a = ActivityStreamsJson.Deserialize<Person>("""{"type":"Person","icon":"https://a.example/avatar.png","image":[{"type":"Image","url":"https://a.example/1.png"},{"type":"Image","url":"https://a.example/2.png"}]}""");
        var b = ActivityStreamsJson.Deserialize<Person>("""{"type":"Person","icon":{"type":"Document","url":{"type":"Link","href":"https://b.example/avatar.webp"}}}""");

        Assert.Equal("https://a.example/avatar.png", a.Icon?.Url?.Id);
        Assert.Equal("https://a.example/1.png", a.Image?.Url?.Id);
        Assert.Equal("https://b.example/avatar.webp", b.Icon?.Url?.Id);
        Assert.Equal("Document", b.Icon?.Type);
    }

    [Fact]
    public void Uri_properties_accept_embedded_objects_and_arrays()
    {
        var actor = ActivityStreamsJson.Deserialize<Person>("""
            {
              "type": "Person",
              "inbox": ["https://a.example/inbox"],
              "outbox": {"id": "https://a.example/outbox", "type": "OrderedCollection", "totalItems": 3},
              "followers": {"type": "Link", "href": "https://a.example/followers"},
              "publicKey": [{"id": "https://a.example#k1", "owner": "https://a.example", "publicKeyPem": "PEM"}, {"id": "https://a.example#k2"}],
              "alsoKnownAs": [{"id": "https://old.example/a"}, "https://older.example/a", null],
              "endpoints": {"sharedInbox": ["https://a.example/shared"]}
            }
            """);

        Assert.Equal("https://a.example/inbox", actor.Inbox);
        Assert.Equal("https://a.example/outbox", actor.Outbox);
        Assert.Equal("https://a.example/followers", actor.Followers);
        Assert.Equal("https://a.example#k1", actor.PublicKey?.Id);
        Assert.Equal(["https://old.example/a", "https://older.example/a"], actor.AlsoKnownAs);
        Assert.Equal("https://a.example/shared", actor.PreferredInbox);
    }

    [Fact]
    public void Nulls_read_as_absent_values_and_empty_lists()
    {
        var note = ActivityStreamsJson.Deserialize<Note>("""
            {"type":"Note","id":null,"to":null,"cc":null,"tag":null,"attachment":null,"icon":null,"url":null,
             "sensitive":null,"published":null,"content":null,"contentMap":null,"replies":null,"focalPoint":null}
            """);

        Assert.Null(note.Id);
        Assert.Empty(note.To);
        Assert.Empty(note.Cc);
        Assert.Empty(note.Tag);
        Assert.Empty(note.Attachment);
        Assert.Null(note.Icon);
        Assert.Null(note.Url);
        Assert.Null(note.Sensitive);
        Assert.Null(note.Published);
        Assert.Null(note.Content);
        Assert.False(note.IsPublic);
    }

    [Fact]
    public void Language_maps_fill_missing_plain_values_but_never_replace_them()
    {
        var mapped = Read("""{"type":"Note","contentMap":{"de":"<p>Suppe</p>"},"nameMap":{"de":"Suppe"},"summaryMap":{"de":"Essen"}}""");
        var both = Read("""{"type":"Note","content":"<p>Soup</p>","contentMap":{"de":"<p>Suppe</p>"}}""");

        Assert.Equal("<p>Suppe</p>", mapped.Content);
        Assert.Equal("Suppe", mapped.Name);
        Assert.Equal("Essen", mapped.Summary);
        Assert.Equal("<p>Soup</p>", both.Content);
    }

    [Fact]
    public void Unknown_properties_of_any_shape_are_ignored()
    {
        var note = ActivityStreamsJson.Deserialize<Note>("""
            {"@context":[{"@language":"und"}],"type":"Note","content":"x","_misskey_quote":null,"quoteUrl":"https://q.example/1",
             "interactionPolicy":{"canReply":{"always":[{"deep":[1,2,{"x":true}]}]}},"source":{"content":"x","mediaType":"text/plain"}}
            """);

        Assert.Equal("x", note.Content);
    }

    [Fact]
    public void Lists_of_objects_skip_bare_uris_and_keep_embedded_ones()
    {
        var note = ActivityStreamsJson.Deserialize<Note>("""{"type":"Note","tag":["https://t.example/tags/x",{"type":"Hashtag","name":"#y","href":"https://t.example/tags/y"},null]}""");

        Assert.Equal("#y", Assert.IsType<Hashtag>(Assert.Single(note.Tag)).Name);
    }

    [Fact]
    public void Numbers_given_as_strings_are_read()
    {
        var collection = ActivityStreamsJson.Deserialize<Collection>("""{"type":"OrderedCollection","totalItems":"42"}""");

        Assert.IsType<OrderedCollection>(collection);
        Assert.Equal(42, collection.TotalItems);
    }

    [Theory]
    [InlineData("\"2026-11-26T01:02:03Z\"", "2026-11-26T01:02:03Z")]
    [InlineData("\"2026-11-26T01:02:03.999Z\"", "2026-11-26T01:02:03.999Z")]
    [InlineData("\"2026-11-26T10:02:03+09:00\"", "2026-11-26T01:02:03Z")]
    [InlineData("\"2026-11-25T18:02:03-0700\"", "2026-11-26T01:02:03Z")]
    [InlineData("\"2026-11-26T01:02:03\"", "2026-11-26T01:02:03Z")]
    [InlineData("\"yesterday\"", null)]
    [InlineData("true", null)]
    public void Times_read_in_any_iso_8601_form(string value, string? expected)
    {
        var poll = ActivityStreamsJson.Deserialize<Question>($$"""{"type":"Question","closed":{{value}}}""");

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), poll.Closed);
        Assert.Equal(TimeSpan.Zero, poll.Closed?.Offset ?? TimeSpan.Zero);
    }

    [Fact]
    public void A_byte_order_mark_is_allowed()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("""{"type":"Note","content":"x"}"""u8.ToArray()).ToArray();

        Assert.Equal("x", ActivityStreamsJson.Deserialize<Note>(bytes).Content);
    }

    [Fact]
    public void A_poll_option_without_a_type_is_still_an_option()
    {
        var poll = ActivityStreamsJson.Deserialize<Question>("""{"type":"Question","anyOf":{"name":"Only","replies":{"type":"Collection","totalItems":4}}}""");

        Assert.True(poll.IsMultipleChoice);
        var option = Assert.Single(poll.Options);
        Assert.Equal("Only", option.Name);
        Assert.Equal(4, Question.VotesFor(option));
    }

    [Theory]
    [InlineData("\"PT2M5.5S\"", 125.5)]
    [InlineData("\"PT385S\"", 385.0)]
    [InlineData("243", 243.0)]
    [InlineData("\"243\"", null)]
    [InlineData("\"soon\"", null)]
    [InlineData("\"PT0S\"", null)]
    [InlineData("\"-PT5S\"", null)]
    [InlineData("-5", null)]
    [InlineData("\"P30D\"", null)]
    [InlineData("\"P1Y\"", null)]
    [InlineData("1e300", null)]
    [InlineData("true", null)]
    [InlineData("{\"value\":5}", null)]
    [InlineData("[\"PT5S\"]", null)]
    [InlineData("null", null)]
    public void A_files_duration_is_read_when_it_can_be_a_recordings_length_and_ignored_otherwise(string value, double? seconds)
    {
        var video = Assert.IsType<Video>(Read($$"""{"type":"Video","duration":{{value}},"url":"https://e.example/v.mp4","name":"kept"}"""));

        Assert.Equal(seconds, video.Duration?.TotalSeconds);
        Assert.Equal(("https://e.example/v.mp4", "kept"), (video.Url?.Id, video.Name));
    }
}
