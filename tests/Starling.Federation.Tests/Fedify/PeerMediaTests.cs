using System.Net;
using System.Text.Json;
using SkiaSharp;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.Fedify;

/// <summary>
/// The peer's files reaching Starling: a post with a picture and a video, built with Fedify's vocabulary and served by
/// the peer, is shown from the peer until Starling's media worker has fetched the files, then from Starling's own copies
/// with previews; and the peer's avatar is fetched once, cropped, and served by Starling.
/// </summary>
public abstract class PeerMediaTests(TestDatabase database) : FedifyTest(database)
{
    /// <summary>
    /// The peer holds its files while the test looks at what Starling shows before caching; Starling's fetch (ten
    /// seconds by default) waits for them longer than a loaded machine could keep it waiting.
    /// </summary>
    protected override IReadOnlyDictionary<string, string> ServerSettings => new Dictionary<string, string>
    {
        ["Starling:Federation:TimeoutSeconds"] = "90",
    };

    [Fact]
    public async Task A_picture_and_a_video_are_shown_from_the_peer_until_cached_then_from_Starling_with_previews()
    {
        var avatar = await Peer.AddMediaAsync("avatar.png", "image/png", TestMedia.Png(400, 400));
        await Peer.SetAvatarAsync("avatar.png");
        var picture = await Peer.AddMediaAsync("view.jpg", "image/jpeg", TestMedia.Jpeg(1200, 800));
        var video = await Peer.AddMediaAsync("clip.mp4", "video/mp4", TestMedia.Mp4(320, 240, seconds: 2));
        var (alice, _) = await UserAsync("alice");
        var peerAccountId = await FollowsPeerAsync(alice);

        // Fetched by a job once the actor is stored (until then the peer's address is shown, which the server's own
        // tests look at: here the job may well have run before the first look).
        var account = await EventuallyAsync("Starling to serve its own copy of the peer's avatar", () => alice.GetAsync($"api/v1/accounts/{peerAccountId}"),
            a => Text(a, "avatar")!.StartsWith($"{Server.PublicUrl}/system/accounts/avatars/{peerAccountId}/", StringComparison.Ordinal));
        var cachedAvatar = Text(account, "avatar")!;
        Assert.NotEqual(avatar, cachedAvatar);
        Assert.Equal(cachedAvatar, Text(account, "avatar_static"));
        using (var avatarPicture = await DecodeAsync(alice, cachedAvatar))
        {
            Assert.Equal((400, 400), (avatarPicture.Width, avatarPicture.Height));
        }

        await Peer.HoldMediaAsync();
        var note = await Peer.PostAsync("<p>The view, and a clip of it.</p>", attachments:
        [
            // As Mastodon writes a file: the address as url, the mediaType on the attachment.
            new PeerAttachment("view.jpg", PeerAttachmentType.Image, "Red on the left, blue on the right", Width: 1200, Height: 800),
            // As PeerTube writes one: the url a Link that carries the mediaType.
            new PeerAttachment("clip.mp4", PeerAttachmentType.Document, "A test pattern with a tone", Width: 320, Height: 240,
                DurationSeconds: 2, UrlAsLink: true),
        ]);
        var statusId = Text(await OnHomeTimelineAsync(alice, note.Note), "id")!;
        await EventuallyAsync("Starling's media worker to ask the peer for a file",
            async () => (await Peer.MediaAsync()).Any(m => m.Name != "avatar.png" && m.Requests > 0));

        // The worker waits on the peer: this is what shows before the files are cached.
        var shown = await alice.StatusAsync(statusId);
        Assert.Equal(cachedAvatar, Text(shown.GetProperty("account"), "avatar"));
        Assert.Collection(shown.GetProperty("media_attachments").EnumerateArray(),
            image =>
            {
                Assert.Equal(("image", picture, picture, picture), (Text(image, "type"), Text(image, "url"), Text(image, "preview_url"), Text(image, "remote_url")));
                Assert.Equal("Red on the left, blue on the right", Text(image, "description"));
                Assert.Equal((1200, 800), Size(image, "original"));
                Assert.Null(Text(image, "blurhash"));
            },
            clip =>
            {
                Assert.Equal(("video", video, video), (Text(clip, "type"), Text(clip, "url"), Text(clip, "remote_url")));
                Assert.Null(Text(clip, "preview_url"));
                Assert.Equal("A test pattern with a tone", Text(clip, "description"));
                Assert.Equal((320, 240), Size(clip, "original"));
            });

        await Peer.ReleaseMediaAsync();

        var cached = await EventuallyAsync("Starling to serve its own copies of the files", () => alice.StatusAsync(statusId),
            s => s.GetProperty("media_attachments").EnumerateArray().All(m => Text(m, "url")!.StartsWith(Server.PublicUrl, StringComparison.Ordinal)));
        var files = cached.GetProperty("media_attachments").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        var (cachedImage, cachedClip) = (files[0], files[1]);

        Assert.Equal(("image", picture), (Text(cachedImage, "type"), Text(cachedImage, "remote_url")));
        Assert.StartsWith($"{Server.PublicUrl}/system/media_attachments/", Text(cachedImage, "url"));
        Assert.Equal("Red on the left, blue on the right", Text(cachedImage, "description"));
        Assert.Equal((1200, 800), Size(cachedImage, "original"));
        Assert.False(string.IsNullOrEmpty(Text(cachedImage, "blurhash")), "Starling makes the blurhash Fedify does not send.");
        using (var preview = await DecodeAsync(alice, Text(cachedImage, "preview_url")!))
        {
            Assert.Equal((640, 427), (preview.Width, preview.Height));
        }
        Assert.Equal((640, 427), Size(cachedImage, "small"));

        Assert.Equal(("video", video), (Text(cachedClip, "type"), Text(cachedClip, "remote_url")));
        Assert.StartsWith($"{Server.PublicUrl}/system/media_attachments/", Text(cachedClip, "url"));
        Assert.Equal("A test pattern with a tone", Text(cachedClip, "description"));
        var original = cachedClip.GetProperty("meta").GetProperty("original");
        Assert.Equal((320, 240), Size(cachedClip, "original"));
        Assert.InRange(original.GetProperty("duration").GetDouble(), 1.8, 2.2);
        using (var frame = await DecodeAsync(alice, Text(cachedClip, "preview_url")!))
        {
            Assert.Equal((320, 240), (frame.Width, frame.Height));
        }
        using var file = await alice.FetchAsync(Text(cachedClip, "url")!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("video/mp4", file.Content.Headers.ContentType?.MediaType);

        // Each file was fetched once, the avatar too.
        Assert.Equal([("avatar.png", 1), ("clip.mp4", 1), ("view.jpg", 1)],
            (await Peer.MediaAsync()).Select(m => (m.Name, m.Requests)).OrderBy(m => m.Name));
        await AssertNothingRefusedAsync();
    }

    private static (int Width, int Height) Size(JsonElement media, string which)
    {
        var size = media.GetProperty("meta").GetProperty(which);
        return (size.GetProperty("width").GetInt32(), size.GetProperty("height").GetInt32());
    }

    private static async Task<SKBitmap> DecodeAsync(MastodonClient client, string url)
    {
        Assert.StartsWith(client.Server.PublicUrl, url);
        using var response = await client.FetchAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync()) ?? throw new InvalidOperationException($"{url} is not a picture.");
    }

    public sealed class Sqlite() : PeerMediaTests(TestDatabase.Sqlite);

    public sealed class Postgres() : PeerMediaTests(TestDatabase.Postgres);
}
