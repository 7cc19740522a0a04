using System.Text;
using System.Text.Json;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

public sealed class WritingTests
{
    private static Person Alice() => new()
    {
        Id = "https://starling.example/users/alice",
        PreferredUsername = "alice",
        Name = "Alice",
        Summary = "<p>Soup & salad</p>",
        Url = "https://starling.example/@alice",
        Inbox = "https://starling.example/users/alice/inbox",
        Outbox = "https://starling.example/users/alice/outbox",
        Followers = "https://starling.example/users/alice/followers",
        Following = "https://starling.example/users/alice/following",
        Featured = "https://starling.example/users/alice/collections/featured",
        FeaturedTags = "https://starling.example/users/alice/collections/tags",
        Endpoints = new ActorEndpoints { SharedInbox = "https://starling.example/inbox" },
        PublicKey = new PublicKey
        {
            Id = "https://starling.example/users/alice#main-key",
            Owner = "https://starling.example/users/alice",
            PublicKeyPem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
        },
        ManuallyApprovesFollowers = false,
        Discoverable = true,
        Indexable = false,
        Published = new DateTimeOffset(2026, 11, 26, 10, 2, 3, 456, TimeSpan.FromHours(9)),
        Icon = new Image { MediaType = "image/png", Url = "https://starling.example/media/avatar.png" },
        Attachment = [new PropertyValue { Name = "Pronouns", Value = "she/her" }],
    };

    [Fact]
    public void A_document_starts_with_mastodons_context_then_id_and_type()
    {
        using var json = JsonDocument.Parse(ActivityStreamsJson.Serialize(Alice()));

        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["@context", "id", "type"], names.Take(3));
        var context = json.RootElement.GetProperty("@context");
        Assert.Equal(ActivityStreamsContext.ActivityStreams, context[0].GetString());
        Assert.Equal(ActivityStreamsContext.Security, context[1].GetString());
        var terms = context[2];
        Assert.Equal("as:manuallyApprovesFollowers", terms.GetProperty("manuallyApprovesFollowers").GetString());
        Assert.Equal("http://joinmastodon.org/ns#", terms.GetProperty("toot").GetString());
        Assert.Equal("toot:featured", terms.GetProperty("featured").GetProperty("@id").GetString());
        Assert.Equal("@id", terms.GetProperty("featuredTags").GetProperty("@type").GetString());
        Assert.Equal("@id", terms.GetProperty("alsoKnownAs").GetProperty("@type").GetString());
        Assert.Equal("as:movedTo", terms.GetProperty("movedTo").GetProperty("@id").GetString());
        Assert.Equal("schema:PropertyValue", terms.GetProperty("PropertyValue").GetString());
        Assert.Equal("schema:value", terms.GetProperty("value").GetString());
        Assert.Equal("http://schema.org#", terms.GetProperty("schema").GetString());
        foreach (var term in new[] { "discoverable", "indexable", "memorial", "suspended", "blurhash", "votersCount", "Emoji" })
        {
            Assert.StartsWith("toot:", terms.GetProperty(term).GetString());
        }

        Assert.Equal("as:Hashtag", terms.GetProperty("Hashtag").GetString());
        Assert.Equal("as:sensitive", terms.GetProperty("sensitive").GetString());
        Assert.Equal("@list", terms.GetProperty("focalPoint").GetProperty("@container").GetString());
        Assert.Equal("litepub:EmojiReact", terms.GetProperty("EmojiReact").GetString());
        Assert.Equal(context.GetRawText(), JsonDocument.Parse(ActivityStreamsContext.Json).RootElement.GetRawText());
    }

    [Fact]
    public void An_actor_is_written_with_mastodons_names_and_without_nulls_or_empty_lists()
    {
        using var json = JsonDocument.Parse(ActivityStreamsJson.Serialize(Alice()));
        var root = json.RootElement;

        Assert.Equal("Person", root.GetProperty("type").GetString());
        Assert.Equal("alice", root.GetProperty("preferredUsername").GetString());
        Assert.Equal("https://starling.example/@alice", root.GetProperty("url").GetString());
        Assert.Equal("https://starling.example/inbox", root.GetProperty("endpoints").GetProperty("sharedInbox").GetString());
        Assert.Equal("https://starling.example/users/alice", root.GetProperty("publicKey").GetProperty("owner").GetString());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", root.GetProperty("publicKey").GetProperty("publicKeyPem").GetString());
        Assert.Equal("https://starling.example/users/alice/collections/tags", root.GetProperty("featuredTags").GetString());
        Assert.False(root.GetProperty("manuallyApprovesFollowers").GetBoolean());
        Assert.False(root.GetProperty("indexable").GetBoolean());
        Assert.Equal("2026-11-26T01:02:03Z", root.GetProperty("published").GetString());
        Assert.Equal("Image", root.GetProperty("icon").GetProperty("type").GetString());
        Assert.Equal("https://starling.example/media/avatar.png", root.GetProperty("icon").GetProperty("url").GetString());
        var field = root.GetProperty("attachment")[0];
        Assert.Equal("PropertyValue", field.GetProperty("type").GetString());
        Assert.Equal("she/her", field.GetProperty("value").GetString());

        foreach (var absent in new[] { "to", "cc", "tag", "alsoKnownAs", "movedTo", "memorial", "content", "image", "sensitive" })
        {
            Assert.False(root.TryGetProperty(absent, out _), absent);
        }

        Assert.DoesNotContain("null", json.RootElement.GetRawText());
        Assert.DoesNotContain("[]", json.RootElement.GetRawText());
    }

    [Fact]
    public void Html_and_non_ascii_text_are_written_as_is()
    {
        var note = new Note { Content = "<p>Soup & \"salad\" 🍲 スープ</p>" };

        var json = ActivityStreamsJson.Serialize(note);

        // Characters beyond the basic plane (the emoji) are escaped as surrogate pairs, which every reader decodes.
        Assert.Contains("\"content\":\"<p>Soup & \\\"salad\\\" \\uD83C\\uDF72 スープ</p>\"", json);
        Assert.Equal(note.Content, ActivityStreamsJson.Deserialize(json).Content);
    }

    [Fact]
    public void A_create_embeds_its_note_with_all_the_notes_properties()
    {
        var note = new Note
        {
            Id = "https://starling.example/users/alice/statuses/1",
            AttributedTo = "https://starling.example/users/alice",
            Content = "<p>hi @bob</p>",
            ContentMap = new Dictionary<string, string> { ["en"] = "<p>hi @bob</p>" },
            Summary = "cw",
            Sensitive = true,
            To = [PublicCollection.Id],
            Cc = ["https://starling.example/users/alice/followers", "https://other.example/users/bob"],
            Tag = [new Mention { Href = "https://other.example/users/bob", Name = "@bob@other.example" }, new Hashtag { Href = "https://starling.example/tags/soup", Name = "#soup" }],
            Attachment = [new Document { MediaType = "image/jpeg", Url = "https://starling.example/media/1.jpg", Blurhash = "LKO2", FocalPoint = [0.5, -0.25], Width = 640, Height = 480 }],
            Replies = new Collection
            {
                Id = "https://starling.example/users/alice/statuses/1/replies",
                First = new CollectionPage { PartOf = "https://starling.example/users/alice/statuses/1/replies", Next = "https://starling.example/users/alice/statuses/1/replies?page=1" },
            },
        };
        var create = new Create { Id = note.Id + "/activity", Actor = "https://starling.example/users/alice", Object = note, To = note.To, Cc = note.Cc };

        using var json = JsonDocument.Parse(ActivityStreamsJson.Serialize(create));
        var root = json.RootElement;
        var written = root.GetProperty("object");

        Assert.False(written.TryGetProperty("@context", out _));
        Assert.Equal("Note", written.GetProperty("type").GetString());
        Assert.Equal("cw", written.GetProperty("summary").GetString());
        Assert.True(written.GetProperty("sensitive").GetBoolean());
        Assert.Equal(PublicCollection.Id, written.GetProperty("to")[0].GetString());
        Assert.Equal(2, written.GetProperty("cc").GetArrayLength());
        Assert.Equal("Mention", written.GetProperty("tag")[0].GetProperty("type").GetString());
        Assert.Equal("https://other.example/users/bob", written.GetProperty("tag")[0].GetProperty("href").GetString());
        Assert.Equal("Hashtag", written.GetProperty("tag")[1].GetProperty("type").GetString());
        var media = written.GetProperty("attachment")[0];
        Assert.Equal("Document", media.GetProperty("type").GetString());
        Assert.Equal("LKO2", media.GetProperty("blurhash").GetString());
        Assert.Equal(-0.25, media.GetProperty("focalPoint")[1].GetDouble());
        Assert.Equal(640, media.GetProperty("width").GetInt32());
        Assert.Equal("CollectionPage", written.GetProperty("replies").GetProperty("first").GetProperty("type").GetString());
        Assert.Equal("<p>hi @bob</p>", written.GetProperty("contentMap").GetProperty("en").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("to").ValueKind);
    }

    [Fact]
    public void A_single_object_is_written_as_a_value_and_several_as_an_array()
    {
        using var follow = JsonDocument.Parse(ActivityStreamsJson.Serialize(new Follow { Actor = "https://a.example/u/1", Object = "https://b.example/u/2" }));
        using var flag = JsonDocument.Parse(ActivityStreamsJson.Serialize(new Flag { Objects = ["https://b.example/u/2", "https://b.example/s/3"] }));
        using var undo = JsonDocument.Parse(ActivityStreamsJson.Serialize(new Undo { Object = new Like { Id = "https://a.example/l/1", Object = "https://b.example/s/3" } }));

        Assert.Equal("https://b.example/u/2", follow.RootElement.GetProperty("object").GetString());
        Assert.Equal("https://a.example/u/1", follow.RootElement.GetProperty("actor").GetString());
        Assert.Equal(["https://b.example/u/2", "https://b.example/s/3"], flag.RootElement.GetProperty("object").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Like", undo.RootElement.GetProperty("object").GetProperty("type").GetString());
        Assert.Equal("https://b.example/s/3", undo.RootElement.GetProperty("object").GetProperty("object").GetString());
    }

    [Fact]
    public void Question_writes_its_options_with_vote_counts()
    {
        var poll = new Question
        {
            Content = "Soup?",
            EndTime = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
            VotersCount = 3,
            AnyOf = [new Note { Name = "Yes", Replies = new Collection { TotalItems = 2 } }, new Note { Name = "No", Replies = new Collection { TotalItems = 1 } }],
        };

        using var json = JsonDocument.Parse(ActivityStreamsJson.Serialize(poll));
        var root = json.RootElement;

        Assert.Equal("2026-11-27T00:00:00Z", root.GetProperty("endTime").GetString());
        Assert.Equal(3, root.GetProperty("votersCount").GetInt32());
        Assert.False(root.TryGetProperty("oneOf", out _));
        Assert.Equal("Note", root.GetProperty("anyOf")[0].GetProperty("type").GetString());
        Assert.Equal(2, root.GetProperty("anyOf")[0].GetProperty("replies").GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public void Tombstone_and_ordered_collection_page_keep_their_own_properties()
    {
        var tombstone = ActivityStreamsJson.Serialize(new Tombstone { Id = "https://a.example/s/1", FormerType = nameof(Note), Deleted = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) });
        var page = ActivityStreamsJson.Serialize(new OrderedCollectionPage { PartOf = "https://a.example/outbox", OrderedItems = ["https://a.example/s/1"], TotalItems = 1 });

        Assert.EndsWith("\"id\":\"https://a.example/s/1\",\"type\":\"Tombstone\",\"formerType\":\"Note\",\"deleted\":\"2026-01-02T03:04:05Z\"}", tombstone);
        Assert.EndsWith("\"type\":\"OrderedCollectionPage\",\"totalItems\":1,\"partOf\":\"https://a.example/outbox\",\"orderedItems\":[\"https://a.example/s/1\"]}", page);
    }

    [Fact]
    public async Task Bytes_string_and_stream_forms_write_the_same_document()
    {
        var alice = Alice();
        using var stream = new MemoryStream();
        await ActivityStreamsJson.SerializeAsync(stream, alice);

        var text = ActivityStreamsJson.Serialize(alice);
        Assert.Equal(text, Encoding.UTF8.GetString(ActivityStreamsJson.SerializeToUtf8Bytes(alice)));
        Assert.Equal(text, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task A_written_document_reads_back_to_the_same_values()
    {
        var alice = Alice();

        var fromText = ActivityStreamsJson.Deserialize<Person>(ActivityStreamsJson.Serialize(alice));
        var fromBytes = ActivityStreamsJson.Deserialize<Actor>(ActivityStreamsJson.SerializeToUtf8Bytes(alice));
        using var stream = new MemoryStream(ActivityStreamsJson.SerializeToUtf8Bytes(alice));
        var fromStream = await ActivityStreamsJson.DeserializeAsync<Person>(stream);

        foreach (var copy in new Actor[] { fromText, fromBytes, fromStream })
        {
            Assert.Equal(alice.Id, copy.Id);
            Assert.Equal(alice.Summary, copy.Summary);
            Assert.Equal(alice.Url?.Id, copy.Url?.Id);
            Assert.Equal(alice.PreferredInbox, copy.PreferredInbox);
            Assert.Equal(alice.PublicKey?.PublicKeyPem, copy.PublicKey?.PublicKeyPem);
            Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero), copy.Published);
            Assert.Equal("she/her", Assert.IsType<PropertyValue>(Assert.Single(copy.Attachment)).Value);
            Assert.Equal(alice.Icon?.Url?.Id, copy.Icon?.Url?.Id);
            Assert.Equal(alice.FeaturedTags, copy.FeaturedTags);
            Assert.True(copy.Discoverable);
        }
    }

    [Fact]
    public void A_files_duration_is_written_as_an_xsd_duration()
    {
        var json = ActivityStreamsJson.Serialize(new Video { Url = "https://e.example/v.mp4", MediaType = "video/mp4", Duration = TimeSpan.FromSeconds(125.5) });

        Assert.Contains("\"duration\":\"PT2M5.5S\"", json);
        Assert.Equal(TimeSpan.FromSeconds(125.5), ActivityStreamsJson.Deserialize<Video>(json).Duration);
        Assert.DoesNotContain("duration", ActivityStreamsJson.Serialize(new Video { Url = "https://e.example/v.mp4" }));
    }

    [Fact]
    public void Every_fixture_survives_a_round_trip_through_our_writer()
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json", SearchOption.AllDirectories))
        {
            var first = ActivityStreamsJson.Deserialize(File.ReadAllText(path));
            var written = ActivityStreamsJson.Serialize(first);
            var second = ActivityStreamsJson.Deserialize(written);

            Assert.Equal(written, ActivityStreamsJson.Serialize(second));
            Assert.Equal(first.GetType(), second.GetType());
            Assert.Equal(first.Id, second.Id);
        }
    }
}
