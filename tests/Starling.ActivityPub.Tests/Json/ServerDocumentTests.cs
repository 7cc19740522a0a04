using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

/// <summary>Actors and notes as servers other than Mastodon send them.</summary>
public sealed class ServerDocumentTests
{
    [Fact]
    public void GoToSocial_actor_with_single_values_where_others_send_arrays()
    {
        var actor = Fixtures.Read<Person>("GoToSocial/actor.json");

        Assert.Equal("the_mighty_zork", actor.PreferredUsername);
        Assert.Equal("https://gts.example/sharedInbox", actor.PreferredInbox);
        Assert.Equal(["https://old.example/users/the_mighty_zork"], actor.AlsoKnownAs);
        var field = Assert.IsType<PropertyValue>(Assert.Single(actor.Attachment));
        Assert.Equal(("pronouns", "they/them"), (field.Name, field.Value));
        Assert.Equal("a green goblin looking nasty", actor.Icon?.Name);
        Assert.EndsWith("/avatar/original/01F8MH58A357CV5K7R7TJMSH6S.jpg", actor.Icon?.Url?.Id);
        Assert.Equal("https://gts.example/users/the_mighty_zork/main-key", actor.PublicKey?.Id);
        Assert.Equal(new DateTimeOffset(2022, 5, 20, 11, 9, 18, TimeSpan.Zero), actor.Published);
        Assert.Empty(actor.Tag);
    }

    [Fact]
    public void GoToSocial_note_with_string_addressing_and_a_lone_attachment_and_tag()
    {
        var note = Fixtures.Read<Note>("GoToSocial/note.json");

        Assert.Equal([PublicCollection.Id], note.To.Select(r => r.Id));
        Assert.Equal(["https://gts.example/users/admin/followers"], note.Cc.Select(r => r.Id));
        var image = Assert.IsType<Image>(Assert.Single(note.Attachment));
        Assert.Equal("LIIE|gRj00WB-;j[t7j[4nWBj[Rj", image.Blurhash);
        Assert.StartsWith("Black and white image", image.Name);
        var tag = Assert.IsType<Hashtag>(Assert.Single(note.Tag));
        Assert.Equal("#welcome", tag.Name);
        Assert.Equal("", note.Summary);
        Assert.False(note.Sensitive);
        var replies = Assert.IsType<Collection>(note.Replies?.Object);
        Assert.Contains("page=true", replies.First?.Id);
    }

    [Fact]
    public void Misskey_actor_with_null_header_and_extra_vocabularies()
    {
        var actor = Fixtures.Read<Person>("Misskey/actor.json");

        Assert.Equal("syuilo", actor.PreferredUsername);
        Assert.Equal("しゅいろ", actor.Name);
        Assert.Null(actor.Image);
        Assert.Equal("https://misskey.example/files/webpublic-2b6a0e2c.webp", actor.Icon?.Url?.Id);
        Assert.Null(actor.Icon?.Name);
        Assert.Equal("https://misskey.example/inbox", actor.PreferredInbox);
        Assert.Equal("https://misskey.example/users/9a8bc7de6f#main-key", actor.PublicKey?.Id);
        Assert.Equal("Website", Assert.IsType<PropertyValue>(Assert.Single(actor.Attachment)).Name);
    }

    [Fact]
    public void Misskey_note_with_mention_custom_emoji_and_millisecond_time()
    {
        var note = Fixtures.Read<Note>("Misskey/note.json");

        Assert.Equal(new DateTimeOffset(2024, 11, 20, 12, 0, 0, TimeSpan.Zero), note.Published);
        Assert.Equal("https://mastodon.example/users/alice", Assert.IsType<Mention>(note.Tag[0]).Href);
        var emoji = Assert.IsType<Emoji>(note.Tag[1]);
        Assert.Equal(":misskey:", emoji.Name);
        Assert.Equal("https://misskey.example/files/misskey-emoji.png", emoji.Icon?.Url?.Id);
        Assert.Contains("@alice@mastodon.example", note.Content);
    }

    [Fact]
    public void Misskey_like_carries_a_custom_emoji_reaction()
    {
        var like = Fixtures.Read<Like>("Misskey/like-reaction.json");

        Assert.Equal(":blobcat:", like.Content);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470853", like.Object?.Id);
        var emoji = Assert.IsType<Emoji>(Assert.Single(like.Tag));
        Assert.Equal("https://misskey.example/files/blobcat.png", emoji.Icon?.Url?.Id);
    }

    [Fact]
    public void Misskey_like_carries_a_unicode_reaction()
    {
        var like = Fixtures.Read<Like>("Misskey/like-unicode.json");

        Assert.Equal("👍", like.Content);
        Assert.Empty(like.Tag);
    }

    [Fact]
    public void Pleroma_actor_with_extra_endpoints_and_an_emoji_in_its_name()
    {
        var actor = Fixtures.Read<Person>("Pleroma/actor.json");

        Assert.Equal("lain", actor.PreferredUsername);
        Assert.True(actor.ManuallyApprovesFollowers);
        Assert.Equal("https://pleroma.example/inbox", actor.Endpoints?.SharedInbox);
        Assert.Empty(actor.AlsoKnownAs);
        Assert.Equal(":pleroma:", Assert.IsType<Emoji>(Assert.Single(actor.Tag)).Name);
        Assert.Equal("https://pleroma.example/media/f1c8a9d1-lain.png", actor.Icon?.Url?.Id);
        Assert.Equal("@lain:matrix.example", Assert.IsType<PropertyValue>(Assert.Single(actor.Attachment)).Value);
    }

    [Fact]
    public void Pleroma_note_with_null_sensitive_and_an_attachment_url_given_as_links()
    {
        var note = Fixtures.Read<Note>("Pleroma/note.json");

        Assert.Null(note.Sensitive);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 10, 0, 0, 123, 456, TimeSpan.Zero), note.Published);
        var media = Assert.IsType<Document>(Assert.Single(note.Attachment));
        Assert.Equal("https://pleroma.example/media/3d2c1b0a-screenshot.png", media.Url?.Id);
        Assert.IsType<Link>(media.Url?.Object);
        Assert.Equal([PublicCollection.Id, "https://mastodon.example/users/alice"], note.To.Select(r => r.Id));
        Assert.Equal("@alice@mastodon.example", Assert.IsType<Mention>(Assert.Single(note.Tag)).Name);
    }

    [Fact]
    public void Pleroma_emoji_reaction()
    {
        var react = Fixtures.Read<EmojiReact>("Pleroma/emoji-react.json");

        Assert.Equal("🍵", react.Content);
        Assert.Equal("https://pleroma.example/users/lain", react.Actor?.Id);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470853", react.Object?.Id);
    }

    [Fact]
    public void Threads_actor_with_a_compact_utc_offset()
    {
        var actor = Fixtures.Read<Person>("Threads/actor.json");

        Assert.Equal("mosseri", actor.PreferredUsername);
        Assert.Equal("https://threads.example/ap/inbox/", actor.PreferredInbox);
        Assert.False(actor.Indexable);
        Assert.Equal(new DateTimeOffset(2023, 7, 5, 0, 0, 0, TimeSpan.Zero), actor.Published);
        Assert.Equal("https://threads.example/ap/users/17841400000000001/#main-key", actor.PublicKey?.Id);
        Assert.Contains("profile_pic.jpg", actor.Icon?.Url?.Id);
    }

    [Fact]
    public void Threads_note_with_compacted_public_address_and_local_time()
    {
        var note = Fixtures.Read<Note>("Threads/note.json");

        Assert.Equal([PublicCollection.Id], note.To.Select(r => r.Id));
        Assert.True(note.IsPublic);
        Assert.Equal(new DateTimeOffset(2024, 3, 22, 1, 48, 57, TimeSpan.Zero), note.Published);
        var image = Assert.IsType<Image>(Assert.Single(note.Attachment));
        Assert.Equal((1440, 1800), (image.Width, image.Height));
        Assert.Equal("#fediverse", Assert.IsType<Hashtag>(Assert.Single(note.Tag)).Name);
    }

    [Fact]
    public void Fedify_service_actor_with_typed_key_and_endpoints_and_a_move()
    {
        var actor = Fixtures.Read<Service>("Fedify/actor.json");

        Assert.Equal("Service", actor.Type);
        Assert.Equal("https://fedify.example/inbox", actor.PreferredInbox);
        Assert.Equal("https://fedify.example/users/demo", actor.PublicKey?.Owner);
        Assert.Equal("https://elsewhere.example/users/demo", actor.MovedTo);
        Assert.Equal("https://fedify.example/avatar.png", actor.Icon?.Url?.Id);
    }

    [Fact]
    public void Fedify_note_with_only_a_content_map_and_a_link_url()
    {
        var note = Fixtures.Read<Note>("Fedify/note.json");

        Assert.Equal("<p>Only a language map here</p>", note.Content);
        Assert.Equal("<p>言語マップだけ</p>", note.ContentMap?["ja"]);
        Assert.Equal("https://fedify.example/@demo/0193a6f0", note.Url?.Id);
        Assert.Equal("text/html", Assert.IsType<Link>(note.Url?.Object).MediaType);
        Assert.Equal([PublicCollection.Id], note.To.Select(r => r.Id));
        Assert.Equal(["https://fedify.example/users/demo/followers"], note.Cc.Select(r => r.Id));
    }

    [Fact]
    public void PeerTube_video_with_its_renditions_reads_as_the_tallest_mp4_up_to_1080_lines_and_its_duration()
    {
        var video = Fixtures.Read<Video>("PeerTube/video.json");

        var link = Assert.IsType<Link>(video.Url?.Object);
        Assert.EndsWith("-1080.mp4", link.Href);
        Assert.Equal(("video/mp4", 1920, 1080), (link.MediaType, link.Width, link.Height));
        Assert.Equal(TimeSpan.FromSeconds(125), video.Duration);
        Assert.Equal("https://peertube.example/accounts/walker", video.AttributedTo?.Id);
    }

    [Fact]
    public void PeerTube_video_with_only_a_streaming_playlist_reads_as_one_of_its_fragmented_mp4_files()
    {
        var video = Fixtures.Read<Video>("PeerTube/video-hls-only.json");

        var link = Assert.IsType<Link>(video.Url?.Object);
        Assert.EndsWith("-480-fragmented.mp4", link.Href);
        Assert.Equal(("video/mp4", 480), (link.MediaType, link.Height));
        Assert.Equal(new TimeSpan(1, 2, 3), video.Duration);
    }

    [Fact]
    public void Funkwhale_audio_reads_as_its_audio_file_not_its_page_with_its_duration()
    {
        var audio = Fixtures.Read<Audio>("Funkwhale/audio.json");

        var link = Assert.IsType<Link>(audio.Url?.Object);
        Assert.StartsWith("https://funkwhale.example/api/v1/listen/", link.Href);
        Assert.Equal("audio/ogg", link.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(125.5), audio.Duration);
        Assert.Equal("text/html", audio.MediaType);
    }
}
