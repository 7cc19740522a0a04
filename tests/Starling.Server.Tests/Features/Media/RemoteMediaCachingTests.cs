using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkiaSharp;
using Starling.ActivityPub.Json;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Features.Moderation;
using Starling.Server.Tests.Api;

namespace Starling.Server.Tests.Features.Media;

/// <summary>Another server's files, fetched by the media worker and kept here with previews, or linked to their origin.</summary>
public abstract class RemoteMediaCachingTests(TestDatabase database) : IntegrationTest(database)
{
    /// <summary>Alice on one Starling posts a picture; Bob's Starling looks the post up and so learns of it.</summary>
    private async Task<(FederationNetwork Network, TestInstance Home, ApiClient BobClient, string BobToken, JsonElement Status)> PostSeenFromAnotherServerAsync(
        Dictionary<string, string?>? settings = null)
    {
        var network = StartNetwork();
        var origin = await network.StartAsync("origin.test");
        var home = await network.StartAsync("home.test", new TestInstanceOptions { Settings = settings ?? [] });
        await origin.World().Users("alice").BuildAsync();
        await home.World().Users("bob").BuildAsync();
        using var alice = new ApiClient(origin);
        var aliceToken = await alice.UserTokenAsync("alice", "read write");
        var file = new ByteArrayContent(TestMedia.Jpeg(1200, 800));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var media = await ApiClient.ReadJsonAsync(await alice.SendAsync(HttpMethod.Post, "/api/v2/media", aliceToken,
            new MultipartFormDataContent { { file, "file", "view.jpg" }, { new StringContent("A view"), "description" } }), HttpStatusCode.OK);
        var posted = await ApiClient.ReadJsonAsync(await alice.SendAsync(HttpMethod.Post, "/api/v1/statuses", aliceToken,
            ApiClient.Json(new { status = "Look", media_ids = new[] { media.GetProperty("id").GetString() } })), HttpStatusCode.OK);

        var bob = new ApiClient(home);
        var bobToken = await bob.UserTokenAsync("bob", "read write");
        var found = await ApiClient.ReadJsonAsync(await bob.GetAsync("/api/v2/search?resolve=true&type=statuses&q=" + Uri.EscapeDataString(posted.GetProperty("uri").GetString()!), bobToken),
            HttpStatusCode.OK);
        return (network, home, bob, bobToken, Assert.Single(found.GetProperty("statuses").EnumerateArray()));
    }

    [Fact]
    public async Task A_remote_picture_is_shown_from_its_origin_until_cached_then_served_from_here_with_a_preview()
    {
        var (network, home, bob, token, status) = await PostSeenFromAnotherServerAsync();
        await using var _ = network;

        var before = Assert.Single(status.GetProperty("media_attachments").EnumerateArray());
        Assert.StartsWith("https://origin.test/", before.GetProperty("url").GetString());
        Assert.Equal("A view", before.GetProperty("description").GetString());

        Assert.Equal(1, await home.DrainMediaAsync());

        var after = Assert.Single((await ApiClient.ReadJsonAsync(await bob.GetAsync($"/api/v1/statuses/{status.GetProperty("id").GetString()}", token), HttpStatusCode.OK))
            .GetProperty("media_attachments").EnumerateArray());
        Assert.StartsWith("https://home.test/system/media_attachments/", after.GetProperty("url").GetString());
        Assert.Equal(before.GetProperty("url").GetString(), after.GetProperty("remote_url").GetString());
        Assert.Equal(before.GetProperty("blurhash").GetString(), after.GetProperty("blurhash").GetString());
        using var preview = SKBitmap.Decode(await (await bob.GetAsync(after.GetProperty("preview_url").GetString()!.Replace("https://home.test", ""))).Content.ReadAsByteArrayAsync());
        Assert.Equal((640, 427), (preview.Width, preview.Height));
    }

    [Fact]
    public async Task With_caching_off_a_remote_file_stays_at_its_origin_and_nothing_is_fetched()
    {
        var (network, home, _, _, status) = await PostSeenFromAnotherServerAsync(new() { ["Starling:Media:CacheRemoteMedia"] = "false" });
        await using var _ = network;

        Assert.Equal(0, await home.DrainMediaAsync());
        var media = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        Assert.Equal((MediaState.Ready, ""), (media.State, media.FilePath));
        Assert.StartsWith("https://origin.test/", Assert.Single(status.GetProperty("media_attachments").EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_remote_file_that_cannot_be_fetched_stays_linked_to_its_origin_and_cached_copies_can_be_dropped()
    {
        var (network, home, _, _, _) = await PostSeenFromAnotherServerAsync();
        await using var _ = network;
        network.TakeOffline("origin.test");

        await home.DrainMediaAsync();

        var media = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        Assert.Equal((MediaState.Ready, ""), (media.State, media.FilePath));
        Assert.Equal(0, await home.UseAsync<MediaCleanup, int>(c => c.RemoveCachedRemoteAsync(TimeSpan.Zero, CancellationToken.None)));
    }

    [Fact]
    public async Task The_media_cleanup_drops_cached_copies_and_links_the_files_to_their_origin_again()
    {
        var (network, home, _, _, _) = await PostSeenFromAnotherServerAsync();
        await using var _ = network;
        await home.DrainMediaAsync();
        var cached = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        var folder = Path.Combine(home.Storage.DataDirectory, "media");

        Assert.Equal(1, await home.UseAsync<MediaCleanup, int>(c => c.RemoveCachedRemoteAsync(TimeSpan.Zero, CancellationToken.None)));

        var dropped = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        Assert.Equal(("", null), (dropped.FilePath, dropped.PreviewFilePath));
        Assert.False(File.Exists(Path.Combine(folder, cached.FilePath)));
        Assert.Equal(cached.RemoteUrl, dropped.RemoteUrl);
    }

    [Fact]
    public async Task Media_of_a_server_whose_media_are_rejected_after_the_post_arrived_are_not_fetched()
    {
        var (network, home, _, _, _) = await PostSeenFromAnotherServerAsync();
        await using var _ = network;
        await home.UseAsync<DomainBlocks, DomainBlockSaved>(blocks =>
            blocks.SaveAsync(new DomainBlockChange("origin.test", DomainBlockSeverity.None, RejectMedia: true)));
        var before = network.Traffic.Count;

        await home.DrainMediaAsync();

        var media = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        Assert.Equal((MediaState.Ready, ""), (media.State, media.FilePath));
        Assert.DoesNotContain(network.Traffic.Skip(before), line => line.Contains("/system/media_attachments/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_remote_file_that_redirects_to_a_private_address_is_not_fetched_and_stays_linked_to_its_origin()
    {
        var network = StartNetwork();
        await using var _ = network;
        var (home, remote) = await RemoteFileWaitingAsync(network);
        remote.Redirects[RemoteFile] = "https://169.254.169.254/latest/meta-data/";

        Assert.Equal(1, await home.DrainMediaAsync());

        await AssertLinkedToItsOriginAsync(home);
        Assert.Equal([RemoteFile], remote.Received.Select(r => r.Url.AbsoluteUri));
    }

    [Fact]
    public async Task A_remote_file_declaring_more_than_the_limit_is_refused_before_its_body_is_read()
    {
        var network = StartNetwork();
        await using var _ = network;
        var (home, remote) = await RemoteFileWaitingAsync(network, SmallLimits);
        var body = new ServedBody(10 * Limit);
        remote.Files[RemoteFile] = () => new StreamContent(body) { Headers = { ContentLength = 10 * Limit } };

        Assert.Equal(1, await home.DrainMediaAsync());

        await AssertLinkedToItsOriginAsync(home);
        Assert.Single(remote.FetchesOf(RemoteFile));
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task A_remote_file_sent_without_a_length_is_cut_off_once_it_passes_the_limit()
    {
        var network = StartNetwork();
        await using var _ = network;
        var (home, remote) = await RemoteFileWaitingAsync(network, SmallLimits);
        var body = new ServedBody(10 * Limit);
        long? declared = -1;
        remote.Files[RemoteFile] = () =>
        {
            var content = new StreamContent(body);
            declared = content.Headers.ContentLength;
            return content;
        };

        Assert.Equal(1, await home.DrainMediaAsync());

        await AssertLinkedToItsOriginAsync(home);
        Assert.Null(declared);
        // Read past the limit by at most a copy buffer, not to the end of the ten times larger body.
        Assert.InRange(body.BytesRead, Limit + 1, Limit + 256 * 1024);
    }

    [Fact]
    public async Task A_remote_file_whose_connection_breaks_mid_way_stays_linked_to_its_origin()
    {
        var network = StartNetwork();
        await using var _ = network;
        var (home, remote) = await RemoteFileWaitingAsync(network, SmallLimits);
        var body = new ServedBody(Limit / 2, breakAfter: Limit / 4);
        remote.Files[RemoteFile] = () => new StreamContent(body) { Headers = { ContentLength = Limit / 2 } };

        Assert.Equal(1, await home.DrainMediaAsync());

        await AssertLinkedToItsOriginAsync(home);
        Assert.Equal(Limit / 4, body.BytesRead);
    }

    [Fact]
    public async Task A_remote_file_whose_server_stalls_mid_way_is_given_up_after_the_idle_limit_and_stays_linked_to_its_origin()
    {
        var network = StartNetwork();
        await using var _ = network;
        var (home, remote) = await RemoteFileWaitingAsync(network, new(SmallLimits) { ["Starling:Media:RemoteFetchIdleSeconds"] = "1" });
        var body = new ServedBody(Limit / 2, stallAfter: Limit / 4);
        remote.Files[RemoteFile] = () => new StreamContent(body) { Headers = { ContentLength = Limit / 2 } };

        // Only a guard: without the idle limit the fetch would wait out the five-minute read timeout.
        Assert.Equal(1, await home.DrainMediaAsync().WaitAsync(TimeSpan.FromMinutes(1)));

        await AssertLinkedToItsOriginAsync(home);
        Assert.Equal(Limit / 4, body.BytesRead);
    }

    [Fact]
    public async Task A_remote_videos_duration_is_shown_as_its_server_gives_it_until_the_cached_file_is_probed()
    {
        var network = StartNetwork();
        await using var _ = network;
        var home = await network.StartAsync("home.test");
        var remote = network.AddSink("remote.test");
        await home.World().Users("bob").BuildAsync();
        var carol = RemoteAccountSetup.ActorDocument("carol@remote.test", "unused");
        remote.Documents[carol.Id!] = ActivityStreamsJson.Serialize(carol);
        const string note = "https://remote.test/users/carol/statuses/1";
        const string video = "https://remote.test/static/web-videos/clip-240.mp4";
        // As PeerTube describes a video: its page, its renditions, and a duration (here not the file's own two seconds).
        remote.Documents[note] = $$"""
            {
              "@context": "https://www.w3.org/ns/activitystreams",
              "id": "{{note}}", "type": "Note", "attributedTo": "{{carol.Id}}", "content": "<p>a clip</p>",
              "to": ["https://www.w3.org/ns/activitystreams#Public"],
              "attachment": [{
                "type": "Video", "name": "A test pattern", "duration": "PT2M5.5S", "mediaType": "text/markdown",
                "url": [
                  { "type": "Link", "mediaType": "text/html", "href": "https://remote.test/w/clip" },
                  { "type": "Link", "mediaType": "video/mp4", "href": "https://remote.test/static/web-videos/clip-2160.mp4", "height": 2160, "width": 3840 },
                  { "type": "Link", "mediaType": "video/mp4", "href": "{{video}}", "height": 240, "width": 320 }
                ]
              }]
            }
            """;
        remote.Files[video] = () => new ByteArrayContent(TestMedia.Mp4(320, 240, seconds: 2));
        var bob = new ApiClient(home);
        var token = await bob.UserTokenAsync("bob", "read write");

        var found = await ApiClient.ReadJsonAsync(await bob.GetAsync("/api/v2/search?resolve=true&type=statuses&q=" + Uri.EscapeDataString(note), token), HttpStatusCode.OK);
        var status = Assert.Single(found.GetProperty("statuses").EnumerateArray());
        var before = Assert.Single(status.GetProperty("media_attachments").EnumerateArray());
        Assert.Equal(("video", video), (before.GetProperty("type").GetString(), before.GetProperty("url").GetString()));
        Assert.Equal("0:02:05.50", before.GetProperty("meta").GetProperty("length").GetString());
        Assert.Equal(125.5, before.GetProperty("meta").GetProperty("duration").GetDouble());
        Assert.Equal(125.5, before.GetProperty("meta").GetProperty("original").GetProperty("duration").GetDouble());
        Assert.Equal("320x240", before.GetProperty("meta").GetProperty("original").GetProperty("size").GetString());

        Assert.Equal(1, await home.DrainMediaAsync());

        var after = Assert.Single((await ApiClient.ReadJsonAsync(await bob.GetAsync($"/api/v1/statuses/{status.GetProperty("id").GetString()}", token), HttpStatusCode.OK))
            .GetProperty("media_attachments").EnumerateArray());
        Assert.StartsWith("https://home.test/system/media_attachments/", after.GetProperty("url").GetString());
        Assert.InRange(after.GetProperty("meta").GetProperty("original").GetProperty("duration").GetDouble(), 1.8, 2.2);
        Assert.StartsWith("0:00:0", after.GetProperty("meta").GetProperty("length").GetString());
        Assert.Equal([video], remote.FetchesOf(video).Select(r => r.Url.AbsoluteUri));
    }

    private const string RemoteFile = "https://remote.test/files/cat.jpg";

    private const int Limit = 100_000;

    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Starling:Media:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Starling:Media:MaxVideoBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Carol on a server that is no Starling has posted a picture at <see cref="RemoteFile"/>, waiting to be cached here.</summary>
    private static async Task<(TestInstance Home, InboxSink Remote)> RemoteFileWaitingAsync(FederationNetwork network, Dictionary<string, string?>? settings = null)
    {
        var home = await network.StartAsync("home.test", new TestInstanceOptions { Settings = settings ?? [] });
        var remote = network.AddSink("remote.test");
        var world = await home.World().RemoteUser("carol@remote.test").RemotePost("post", "carol@remote.test", "A picture").BuildAsync();
        await home.DbAsync(db =>
        {
            db.MediaAttachments.Add(new MediaAttachment
            {
                Id = world.Status("post").Id + 1,
                AccountId = world.Id("carol@remote.test"),
                StatusId = world.Status("post").Id,
                Type = MediaType.Image,
                State = MediaState.Processing,
                ContentType = "image/jpeg",
                FilePath = "",
                RemoteUrl = RemoteFile,
            });
            return db.SaveChangesAsync();
        });
        return (home, remote);
    }

    /// <summary>The file is shown from its origin as before, and nothing of it is left here: no kept file, no work file.</summary>
    private static async Task AssertLinkedToItsOriginAsync(TestInstance home)
    {
        var media = await home.DbAsync(db => db.MediaAttachments.SingleAsync());
        Assert.Equal((MediaState.Ready, "", RemoteFile, (DateTime?)null), (media.State, media.FilePath, media.RemoteUrl, media.ProcessingLeaseUntil));
        foreach (var folder in new[] { "media", MediaWorkFolder.ParentName })
        {
            var path = Path.Combine(home.Storage.DataDirectory, folder);
            Assert.False(Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Any(),
                $"Left in {folder}: {(Directory.Exists(path) ? string.Join(", ", Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)) : "")}");
        }
    }

    /// <summary>
    /// A remote server's body: <paramref name="length"/> bytes made as they are read, never seekable (so no length is
    /// known unless declared), counting what was read; with <paramref name="breakAfter"/>, the connection breaks there;
    /// with <paramref name="stallAfter"/>, nothing more arrives from there until the reader gives up.
    /// </summary>
    private sealed class ServedBody(long length, long? breakAfter = null, long? stallAfter = null) : Stream
    {
        private long _read;

        public long BytesRead => _read;

        public override int Read(byte[] buffer, int offset, int count) => Fill(buffer.AsSpan(offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read == stallAfter)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return Fill(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Fill(Span<byte> buffer)
        {
            if (_read == breakAfter)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The connection was closed mid-way.");
            }
            var end = Math.Min(length, breakAfter ?? stallAfter ?? length);
            var n = (int)Math.Min(buffer.Length, end - _read);
            buffer[..n].Fill(0x5A);
            _read += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public sealed class Sqlite() : RemoteMediaCachingTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RemoteMediaCachingTests(TestDatabase.Postgres);
}
