using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Vocabulary;

/// <summary>Which of a file's several links is fetched and shown.</summary>
public sealed class MediaLinksTests
{
    private static Link L(string href, string? mediaType, int? height = null) => new() { Href = href, MediaType = mediaType, Height = height };

    private static string? Choose(params ObjectReference[] urls) => MediaLinks.ChoosePlayable(urls)?.Id;

    [Fact]
    public void Pages_and_other_non_media_links_are_passed_over()
    {
        Assert.Equal("https://e.example/a.ogg", Choose(
            L("https://e.example/track/1", "text/html"),
            L("https://e.example/a.torrent", "application/x-bittorrent"),
            L("https://e.example/meta.json", "application/json"),
            L("https://e.example/a.ogg", "audio/ogg")));
    }

    [Fact]
    public void A_type_browsers_play_comes_before_one_they_do_not_and_mp4_before_webm()
    {
        Assert.Equal("https://e.example/v.webm", Choose(L("https://e.example/v.mkv", "video/x-matroska", 720), L("https://e.example/v.webm", "video/webm", 480)));
        Assert.Equal("https://e.example/v.mp4", Choose(L("https://e.example/v.webm", "video/webm", 720), L("https://e.example/v.mp4", "video/mp4", 480)));
        Assert.Equal("https://e.example/a.mp3", Choose(L("https://e.example/a.ogg", "audio/ogg"), L("https://e.example/a.mp3", "audio/mpeg")));
    }

    [Fact]
    public void A_video_comes_before_an_audio_only_rendition_and_a_picture()
    {
        Assert.Equal("https://e.example/v.mkv", Choose(
            L("https://e.example/a.m4a", "audio/mp4"), L("https://e.example/p.jpg", "image/jpeg"), L("https://e.example/v.mkv", "video/x-matroska")));
    }

    [Fact]
    public void Among_renditions_of_the_chosen_type_the_tallest_up_to_1080_lines_wins()
    {
        Assert.Equal("https://e.example/1080.mp4", Choose(
            L("https://e.example/480.mp4", "video/mp4", 480),
            L("https://e.example/2160.mp4", "video/mp4", 2160),
            L("https://e.example/1080.mp4", "video/mp4", 1080),
            L("https://e.example/720.mp4", "video/mp4", 720)));
    }

    [Fact]
    public void Without_heights_the_first_wins_and_when_all_are_taller_the_shortest_does()
    {
        Assert.Equal("https://e.example/first.mp4", Choose(L("https://e.example/first.mp4", "video/mp4"), L("https://e.example/second.mp4", "video/mp4")));
        Assert.Equal("https://e.example/1440.mp4", Choose(L("https://e.example/2160.mp4", "video/mp4", 2160), L("https://e.example/1440.mp4", "video/mp4", 1440)));
    }

    [Fact]
    public void A_height_of_zero_is_an_audio_only_rendition_taken_only_when_nothing_else_is_there()
    {
        Assert.Equal("https://e.example/2160.mp4", Choose(L("https://e.example/0.mp4", "video/mp4", 0), L("https://e.example/2160.mp4", "video/mp4", 2160)));
        Assert.Equal("https://e.example/0.mp4", Choose(L("https://e.example/page", "text/html"), L("https://e.example/0.mp4", "video/mp4", 0)));
    }

    [Fact]
    public void Media_type_parameters_and_case_do_not_matter()
    {
        Assert.Equal("https://e.example/a.opus", Choose(L("https://e.example/page", "Text/HTML; charset=utf-8"), L("https://e.example/a.opus", "Audio/Ogg; codecs=opus")));
    }

    [Fact]
    public void A_link_that_names_no_type_or_a_bare_url_is_kept_after_every_media_link()
    {
        Assert.Equal("https://e.example/x", Choose(L("https://e.example/page", "text/html"), "https://e.example/x"));
        Assert.Equal("https://e.example/untyped", Choose(L("https://e.example/untyped", null), L("https://e.example/page", "text/html")));
        Assert.Equal("https://e.example/a.png", Choose("https://e.example/x", L("https://e.example/a.png", "image/png")));
    }

    [Fact]
    public void Links_that_can_be_no_media_file_choose_nothing()
    {
        Assert.Null(Choose(L("https://e.example/page", "text/html"), L("https://e.example/a.torrent", "application/x-bittorrent")));
        Assert.Null(Choose());
    }

    [Fact]
    public void A_streaming_playlists_renditions_are_found_among_its_tags()
    {
        var playlist = new Link
        {
            Href = "https://e.example/master.m3u8",
            MediaType = "application/x-mpegURL",
            Tag = [new ActivityObject { Type = "Infohash", Name = "abc" }, L("https://e.example/720-fragmented.mp4", "video/mp4", 720), L("https://e.example/sums.json", "application/json")],
        };

        var chosen = MediaLinks.ChoosePlayable([L("https://e.example/page", "text/html"), playlist]);

        var link = Assert.IsType<Link>(chosen?.Object);
        Assert.Equal(("https://e.example/720-fragmented.mp4", "video/mp4", 720), (link.Href, link.MediaType, link.Height));
    }

    [Fact]
    public void A_documents_url_array_is_read_as_the_chosen_link_with_its_type_and_size()
    {
        var document = ActivityStreamsJson.Deserialize<Document>("""
            {"type":"Document","url":[
              {"type":"Link","mediaType":"text/html","href":"https://e.example/watch/1"},
              {"type":"Link","mediaType":"video/webm","href":"https://e.example/v-720.webm","width":1280,"height":720},
              {"type":"Link","mediaType":"video/mp4","href":"https://e.example/v-480.mp4","width":854,"height":480}
            ]}
            """);

        var link = Assert.IsType<Link>(document.Url?.Object);
        Assert.Equal(("https://e.example/v-480.mp4", "video/mp4", 854, 480), (link.Href, link.MediaType, link.Width, link.Height));
    }

    [Fact]
    public void Mastodons_two_picture_formats_still_read_as_the_first()
    {
        // Mastodon's own parser test: a PNG and an AVIF of one picture; it takes the first.
        var document = ActivityStreamsJson.Deserialize<Document>("""
            {"type":"Document","url":[
              {"type":"Link","mediaType":"image/png","href":"http://example.com/attachment.png"},
              {"type":"Link","mediaType":"image/avif","href":"http://example.com/attachment.avif"}
            ]}
            """);

        Assert.Equal("http://example.com/attachment.png", document.Url?.Id);
    }

    [Fact]
    public void Other_objects_url_arrays_still_read_as_their_first()
    {
        var note = ActivityStreamsJson.Deserialize<Note>("""
            {"type":"Note","url":[{"type":"Link","mediaType":"text/html","href":"https://e.example/@a/1"},{"type":"Link","mediaType":"video/mp4","href":"https://e.example/v.mp4"}]}
            """);

        Assert.Equal("https://e.example/@a/1", note.Url?.Id);
    }
}
