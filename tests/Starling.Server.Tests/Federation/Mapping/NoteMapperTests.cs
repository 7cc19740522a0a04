using Starling.ActivityPub.Json;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Federation.Mapping;

namespace Starling.Server.Tests.Federation.Mapping;

public abstract class NoteMapperTests(TestDatabase database) : IntegrationTest(database)
{
    private readonly RemoteServers _servers = new();

    private async Task<(TestInstance App, World World, Account Mallory)> StartMappingAsync()
    {
        var app = await StartAsync(o => o with { ConfigureServices = _servers.Register });
        var world = await app.World().Users("alice", "bob").BuildAsync();
        return (app, world, await app.AddRemoteAccountAsync("mallory@remote.example", _servers));
    }

    private static async Task<RemoteStatusDraft> MapAsync(TestInstance app, Account author, string json)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NoteMapper>().MapAsync(ActivityStreamsJson.Deserialize(json), author,
            scope.ServiceProvider.GetRequiredService<IRemoteStatusResolver>(), envelope: null, CancellationToken.None);
    }

    [Fact]
    public async Task A_note_keeps_its_warning_language_tags_and_sensitivity_and_its_mentions_are_resolved()
    {
        var (app, world, mallory) = await StartMappingAsync();
        var trent = RemoteAccountSetup.ActorDocument("trent@other.example", "unused");
        _servers.Publish(trent);

        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/1", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory",
              "url": "https://remote.example/@mallory/1",
              "published": "2026-01-15T11:00:00Z", "updated": "2026-01-15T11:30:00Z",
              "summary": "<p>spoilers &amp; more</p>", "sensitive": true,
              "content": "<p>hi <a href=\"https://starling.test/@alice\">@alice</a> and @trent</p><p>#Cats</p>",
              "contentMap": { "de": "<p>hi</p>" },
              "to": ["https://www.w3.org/ns/activitystreams#Public"],
              "tag": [
                { "type": "Mention", "href": "https://starling.test/users/alice", "name": "@alice@starling.test" },
                { "type": "Mention", "href": "https://other.example/users/trent", "name": "@trent@other.example" },
                { "type": "Mention", "href": "https://nowhere.example/users/ghost", "name": "@ghost@nowhere.example" },
                { "type": "Hashtag", "href": "https://remote.example/tags/cats", "name": "#Cats" }
              ]
            }
            """);

        var trentAccount = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Uri == trent.Id));
        Assert.Equal([world.Id("alice"), trentAccount.Id], draft.MentionedAccountIds);
        Assert.Equal("spoilers & more", draft.SpoilerText);
        Assert.True(draft.Sensitive);
        Assert.Equal("de", draft.Language);
        Assert.Equal(["#Cats"], draft.TagNames);
        Assert.Equal("https://remote.example/@mallory/1", draft.Url);
        Assert.Equal(new DateTime(2026, 1, 15, 11, 0, 0, DateTimeKind.Utc), draft.CreatedAt);
        Assert.Equal(new DateTime(2026, 1, 15, 11, 30, 0, DateTimeKind.Utc), draft.EditedAt);
        Assert.Contains("@alice", draft.ContentHtml);
        Assert.Contains("https://nowhere.example/users/ghost", _servers.Fetched);
    }

    [Fact]
    public async Task Attachments_become_linked_files_with_their_descriptions_sizes_and_focus()
    {
        var (app, _, mallory) = await StartMappingAsync();

        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/2", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>look</p>",
              "url": "https://elsewhere.example/pretend-page",
              "attachment": [
                { "type": "Document", "mediaType": "image/jpeg", "url": "https://remote.example/files/cat.jpg", "name": "A cat", "width": 640, "height": 480, "focalPoint": [0.5, -0.25] },
                { "type": "Video", "url": { "type": "Link", "href": "https://remote.example/files/clip.mp4", "mediaType": "video/mp4" } },
                { "type": "Document", "mediaType": "image/png", "url": "javascript:alert(1)" },
                { "type": "PropertyValue", "name": "not a file", "value": "x" }
              ]
            }
            """);

        Assert.Null(draft.Url);
        Assert.Equal(Visibility.Direct, draft.Visibility);
        Assert.Collection(draft.Media,
            image => Assert.Equal(new RemoteMediaDraft("https://remote.example/files/cat.jpg", MediaType.Image, "image/jpeg", "A cat", 640, 480, 0.5, -0.25), image),
            video =>
            {
                Assert.Equal("https://remote.example/files/clip.mp4", video.RemoteUrl);
                Assert.Equal(MediaType.Video, video.Type);
            });
    }

    [Fact]
    public async Task A_file_whose_url_is_a_link_takes_its_media_type_and_size_from_the_link()
    {
        var (app, _, mallory) = await StartMappingAsync();

        // As Fedify's vocabulary writes a Document whose url is a Link (and PeerTube writes its videos).
        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/30", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>clips</p>",
              "attachment": [
                {
                  "type": "Document", "duration": "PT2S", "height": 240, "width": 320, "name": "A test pattern",
                  "url": { "type": "Link", "href": "https://remote.example/media/clip.mp4", "mediaType": "video/mp4" }
                },
                { "type": "Document", "url": { "type": "Link", "href": "https://remote.example/media/song.ogg", "mediaType": "audio/ogg; codecs=opus" } },
                {
                  "type": "Image", "mediaType": "image/png",
                  "url": { "type": "Link", "href": "https://remote.example/media/a.webp", "mediaType": "image/webp", "width": 64, "height": 48 }
                }
              ]
            }
            """);

        // The link describes the very file fetched: its WebP type wins over the attachment's PNG.
        Assert.Equal(
            [
                new RemoteMediaDraft("https://remote.example/media/clip.mp4", MediaType.Video, "video/mp4", "A test pattern", 320, 240, DurationSeconds: 2),
                new RemoteMediaDraft("https://remote.example/media/song.ogg", MediaType.Audio, "audio/ogg"),
                new RemoteMediaDraft("https://remote.example/media/a.webp", MediaType.Image, "image/webp", Width: 64, Height: 48),
            ],
            draft.Media);
    }

    [Fact]
    public async Task Of_a_peertube_or_funkwhale_files_several_links_the_one_to_play_is_kept_with_its_size_and_duration()
    {
        var (app, _, mallory) = await StartMappingAsync();

        // Shaped as PeerTube and Funkwhale write their videos and tracks: the object's own mediaType is its description's.
        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/31", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>a walk, and a song</p>",
              "attachment": [
                {
                  "type": "Video", "name": "Walking in the hills", "duration": "PT2M5.5S", "mediaType": "text/markdown",
                  "url": [
                    { "type": "Link", "mediaType": "text/html", "href": "https://remote.example/w/aZ3kQ9xL2pTrM8vB4nW7sE" },
                    { "type": "Link", "mediaType": "video/mp4", "href": "https://remote.example/static/web-videos/walk-2160.mp4", "height": 2160, "width": 3840, "size": 291877090, "fps": 30 },
                    { "type": "Link", "rel": ["metadata", "video/mp4"], "mediaType": "application/json", "href": "https://remote.example/api/v1/videos/walk/metadata/1", "height": 2160, "width": 3840 },
                    { "type": "Link", "mediaType": "application/x-bittorrent", "href": "https://remote.example/lazy-static/torrents/walk-720.torrent", "height": 720 },
                    { "type": "Link", "mediaType": "video/mp4", "href": "https://remote.example/static/web-videos/walk-720.mp4", "height": 720, "width": 1280, "size": 31877090, "fps": 30 },
                    { "type": "Link", "mediaType": "video/webm", "href": "https://remote.example/static/web-videos/walk-1080.webm", "height": 1080, "width": 1920 },
                    { "type": "Link", "mediaType": "video/mp4", "href": "https://remote.example/static/web-videos/walk-0.mp4", "height": 0, "width": 0, "size": 2004113, "fps": 0 }
                  ]
                },
                {
                  "type": "Audio", "name": "Episode 12", "duration": "PT3M", "mediaType": "text/html",
                  "url": [
                    { "type": "Link", "mediaType": "text/html", "href": "https://remote.example/library/tracks/318" },
                    { "type": "Link", "mediaType": "audio/ogg", "href": "https://remote.example/api/v1/listen/7a4c1e90/?upload=0d9f6c2a&download=false" }
                  ]
                },
                {
                  "type": "Document", "name": "Only a page and a torrent",
                  "url": [
                    { "type": "Link", "mediaType": "text/html", "href": "https://remote.example/w/nothing-to-play" },
                    { "type": "Link", "mediaType": "application/x-bittorrent", "href": "https://remote.example/nothing.torrent" }
                  ]
                }
              ]
            }
            """);

        Assert.Equal(
            [
                new RemoteMediaDraft("https://remote.example/static/web-videos/walk-720.mp4", MediaType.Video, "video/mp4", "Walking in the hills", 1280, 720, DurationSeconds: 125.5),
                new RemoteMediaDraft("https://remote.example/api/v1/listen/7a4c1e90/?upload=0d9f6c2a&download=false", MediaType.Audio, "audio/ogg", "Episode 12", DurationSeconds: 180),
            ],
            draft.Media);
    }

    [Fact]
    public async Task A_duration_is_kept_only_for_video_and_audio_and_a_malformed_one_is_ignored()
    {
        var (app, _, mallory) = await StartMappingAsync();

        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/32", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>files</p>",
              "attachment": [
                { "type": "Image", "mediaType": "image/jpeg", "url": "https://remote.example/files/still.jpg", "duration": "PT5S" },
                { "type": "Video", "mediaType": "video/mp4", "url": "https://remote.example/files/a.mp4", "duration": "two minutes" },
                { "type": "Video", "mediaType": "video/mp4", "url": "https://remote.example/files/b.mp4", "duration": "P400D" },
                { "type": "Document", "mediaType": "audio/mpeg", "url": "https://remote.example/files/c.mp3", "duration": 61.25 }
              ]
            }
            """);

        Assert.Equal([null, null, null, 61.25], draft.Media.Select(m => m.DurationSeconds));
        Assert.Equal(4, draft.Media.Count);
    }

    [Fact]
    public async Task Files_from_a_server_whose_media_are_refused_are_not_kept()
    {
        var (app, _, mallory) = await StartMappingAsync();
        await app.DbAsync(async db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "cdn.example", RejectMedia = true });
            await db.SaveChangesAsync();
        });
        const string json = """
            {
              "id": "https://remote.example/users/mallory/statuses/5", "type": "Note",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>two files</p>",
              "attachment": [
                { "type": "Image", "mediaType": "image/png", "url": "https://media.cdn.example/a.png" },
                { "type": "Image", "mediaType": "image/png", "url": "https://remote.example/files/b.png" }
              ]
            }
            """;

        Assert.Equal(["https://remote.example/files/b.png"], (await MapAsync(app, mallory, json)).Media.Select(m => m.RemoteUrl));

        await app.DbAsync(async db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 2, Domain = "remote.example", RejectMedia = true });
            await db.SaveChangesAsync();
        });

        Assert.Empty((await MapAsync(app, mallory, json)).Media);
    }

    [Fact]
    public async Task A_question_becomes_a_poll_with_its_counts_and_end()
    {
        var (app, _, mallory) = await StartMappingAsync();

        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/users/mallory/statuses/3", "type": "Question",
              "attributedTo": "https://remote.example/users/mallory", "content": "<p>Soup or salad?</p>",
              "endTime": "2026-01-16T12:00:00Z", "votersCount": 4,
              "anyOf": [
                { "type": "Note", "name": "Soup", "replies": { "type": "Collection", "totalItems": 3 } },
                { "type": "Note", "name": "Salad", "replies": { "type": "Collection", "totalItems": 2 } }
              ]
            }
            """);

        Assert.NotNull(draft.Poll);
        Assert.Equal(["Soup", "Salad"], draft.Poll.Options);
        Assert.Equal([3, 2], draft.Poll.Tallies);
        Assert.True(draft.Poll.Multiple);
        Assert.Equal(4, draft.Poll.VotersCount);
        Assert.Equal(new DateTime(2026, 1, 16, 12, 0, 0, DateTimeKind.Utc), draft.Poll.ExpiresAt);
    }

    [Fact]
    public async Task An_article_is_shown_as_its_title_and_a_link_to_it()
    {
        var (app, _, mallory) = await StartMappingAsync();

        var draft = await MapAsync(app, mallory, """
            {
              "id": "https://remote.example/articles/4", "type": "Article", "name": "On <b>birds</b>",
              "url": "https://remote.example/blog/birds", "summary": "Why they sing",
              "attributedTo": "https://remote.example/users/mallory", "content": "<h1>On birds</h1><p>A long text...</p>"
            }
            """);

        Assert.Equal("<p>On birds</p><p>Why they sing</p><p><a href=\"https://remote.example/blog/birds\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">https://remote.example/blog/birds</a></p>", draft.ContentHtml);
        Assert.Equal("", draft.SpoilerText);
    }

    public sealed class Sqlite() : NoteMapperTests(TestDatabase.Sqlite);
    public sealed class Postgres() : NoteMapperTests(TestDatabase.Postgres);
}
