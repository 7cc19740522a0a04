using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SkiaSharp;
using Starling.Server.Features.Media;
using Starling.Server.Tests.Infrastructure.MediaProcessing;

namespace Starling.Server.Tests.Api.Media;

/// <summary>
/// What processing makes of uploads, seen through the API: cleaned images with previews and blurhashes, videos that
/// wait for the media worker and come out playable, and bad files refused with a reason and nothing left behind.
/// </summary>
public abstract class MediaProcessingApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string contentType = "application/octet-stream")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private async Task<(TestInstance App, ApiClient Client, string Token)> StartWithAliceAsync(Dictionary<string, string?>? settings = null)
    {
        var app = await StartAsync(o => o with { FakeTime = true, Settings = settings ?? new Dictionary<string, string?>() });
        await app.World().Users("alice").BuildAsync();
        var client = new ApiClient(app);
        return (app, client, await client.UserTokenAsync("alice", "read write"));
    }

    private static string Local(JsonElement media, string property) => media.GetProperty(property).GetString()!.Replace("https://starling.test", "");

    /// <summary>Every file left in the data directory's media and work folders.</summary>
    private static List<string> StoredFiles(TestInstance app) =>
        new[] { "media", "tmp" }.Select(folder => Path.Combine(app.Storage.DataDirectory, folder)).Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)).ToList();

    [Fact]
    public async Task A_jpeg_is_kept_clean_with_a_640_pixel_preview_and_a_blurhash()
    {
        var (_, client, token) = await StartWithAliceAsync();

        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Jpeg(1600, 1200), "photo.jpg")), HttpStatusCode.OK);

        Assert.Equal("image", media.GetProperty("type").GetString());
        var meta = media.GetProperty("meta");
        Assert.Equal("1600x1200", meta.GetProperty("original").GetProperty("size").GetString());
        Assert.Equal("640x480", meta.GetProperty("small").GetProperty("size").GetString());
        Assert.NotEqual(media.GetProperty("url").GetString(), media.GetProperty("preview_url").GetString());
        var blurhash = media.GetProperty("blurhash").GetString()!;
        Assert.Equal(36, blurhash.Length);
        using var preview = await client.GetAsync(Local(media, "preview_url"));
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
        using var decoded = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((640, 480), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task An_iphone_heic_becomes_a_ready_jpeg_as_on_mastodon()
    {
        var (app, client, token) = await StartWithAliceAsync();
        using var picture = EncodedTestImages.Quadrants(800, 600);
        var heic = HeifTestImages.Heic(EncodedTestImages.WithExif(EncodedTestImages.Jpeg(picture), orientation: 1));

        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(heic, "IMG_0001.HEIC", "image/heic")),
            HttpStatusCode.OK);

        Assert.Equal("image", media.GetProperty("type").GetString());
        Assert.EndsWith(".jpg", media.GetProperty("url").GetString());
        Assert.Equal("800x600", media.GetProperty("meta").GetProperty("original").GetProperty("size").GetString());
        Assert.Equal("640x480", media.GetProperty("meta").GetProperty("small").GetProperty("size").GetString());
        Assert.Equal(36, media.GetProperty("blurhash").GetString()!.Length);
        using var original = await client.GetAsync(Local(media, "url"));
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        var kept = await original.Content.ReadAsByteArrayAsync();
        Assert.Equal(-1, kept.AsSpan().IndexOf(EncodedTestImages.GpsLatitude));
        using var decoded = SKBitmap.Decode(kept);
        Assert.Equal((800, 600), (decoded.Width, decoded.Height));
        var ready = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/media/{media.GetProperty("id").GetString()}", token), HttpStatusCode.OK);
        Assert.Equal(media.GetProperty("url").GetString(), ready.GetProperty("url").GetString());
        // Only the kept picture and its preview: the decoded PNG and the work folder are gone.
        Assert.Equal(2, StoredFiles(app).Count);
    }

    [Fact]
    public async Task A_video_is_processing_after_a_v2_upload_until_the_worker_makes_it_playable_and_seekable()
    {
        var (app, client, token) = await StartWithAliceAsync();

        var accepted = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.WebM(320, 240, 2), "clip.webm", "video/webm")),
            HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("url").ValueKind);
        Assert.Equal(HttpStatusCode.PartialContent, (await client.GetAsync($"/api/v1/media/{id}", token)).StatusCode);

        Assert.Equal(1, await app.DrainMediaAsync());

        var ready = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/media/{id}", token), HttpStatusCode.OK);
        Assert.Equal("video", ready.GetProperty("type").GetString());
        Assert.EndsWith(".mp4", ready.GetProperty("url").GetString());
        var original = ready.GetProperty("meta").GetProperty("original");
        Assert.InRange(original.GetProperty("duration").GetDouble(), 1.8, 2.2);
        Assert.Equal("25/1", original.GetProperty("frame_rate").GetString());
        Assert.False(string.IsNullOrEmpty(ready.GetProperty("blurhash").GetString()));

        // Seeking in a player asks for a range of the file.
        var request = new HttpRequestMessage(HttpMethod.Get, Local(ready, "url"));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("video/mp4", part.Content.Headers.ContentType?.MediaType);
        Assert.Equal(100, (await part.Content.ReadAsByteArrayAsync()).Length);
        var etag = part.Headers.ETag ?? throw new Xunit.Sdk.XunitException("No ETag");
        var again = new HttpRequestMessage(HttpMethod.Get, Local(ready, "url"));
        again.Headers.IfNoneMatch.Add(etag);
        using var unchanged = await client.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        // The file waiting for processing is gone; the kept file and its poster remain.
        Assert.Equal(2, StoredFiles(app).Count);
    }

    [Fact]
    public async Task A_video_uploaded_with_v1_is_answered_when_ready()
    {
        var (_, client, token) = await StartWithAliceAsync();

        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/media", token, Upload(TestMedia.Mp4(320, 240, 1), "clip.mp4", "video/mp4")),
            HttpStatusCode.OK);

        Assert.Equal("video", media.GetProperty("type").GetString());
        using var file = await client.GetAsync(Local(media, "url"));
        Assert.Equal("video/mp4", file.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_animated_gif_becomes_a_looping_video()
    {
        var (app, client, token) = await StartWithAliceAsync();

        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/media", token, Upload(TestMedia.AnimatedGif(), "dance.gif", "image/gif")),
            HttpStatusCode.OK);

        Assert.Equal("gifv", media.GetProperty("type").GetString());
        Assert.EndsWith(".mp4", media.GetProperty("url").GetString());
        Assert.Equal(0, await app.DrainMediaAsync());
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "empty", "blank" },
        { "text named .jpg", "not supported" },
        { "zip named .mp4", "not supported" },
        { "truncated jpeg", "damaged" },
        { "truncated heic", "damaged" },
        { "30000x30000 png", "megapixels" },
        { "30000x30000 heic", "megapixels" },
        { "zeros named .jpg", "not supported" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_its_reason_and_nothing_is_kept(string kind, string reason)
    {
        var (app, client, token) = await StartWithAliceAsync();
        var (bytes, name) = kind switch
        {
            "empty" => ([], "empty.jpg"),
            "text named .jpg" => (Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "photo.jpg"),
            "zip named .mp4" => (Zip(), "clip.mp4"),
            "truncated jpeg" => (TestMedia.Jpeg(800, 600)[..2000], "photo.jpg"),
            "truncated heic" => (Heic(400, 300)[..2000], "IMG_0001.HEIC"),
            "30000x30000 heic" => (HeifTestImages.WithExtents(Heic(64, 48), 30000, 30000), "IMG_0002.HEIC"),
            "zeros named .jpg" => (new byte[20 * 1024 * 1024], "large.jpg"),
            _ => (EncodedTestImages.PngHeaderOnly(30000, 30000), "huge.png"),
        };

        foreach (var endpoint in new[] { "/api/v2/media", "/api/v1/media" })
        {
            var response = await client.SendAsync(HttpMethod.Post, endpoint, token, Upload(bytes, name));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
            Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_jpeg_with_an_archive_appended_is_kept_without_it()
    {
        var (_, client, token) = await StartWithAliceAsync();
        var polyglot = TestMedia.Jpeg(200, 100).Concat(Zip()).ToArray();

        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(polyglot, "photo.jpg")), HttpStatusCode.OK);

        var kept = await (await client.GetAsync(Local(media, "url"))).Content.ReadAsByteArrayAsync();
        Assert.Equal(-1, kept.AsSpan().IndexOf("PK\u0003\u0004"u8));
        Assert.Equal(-1, kept.AsSpan().IndexOf("secret.txt"u8));
    }

    [Fact]
    public async Task A_video_over_the_length_limit_is_refused_at_once_with_the_limit_in_the_reason()
    {
        var (app, client, token) = await StartWithAliceAsync(new() { ["Starling:Media:MaxVideoFrames"] = "10" });
        var clip = TestMedia.Mp4(160, 120, 2);

        foreach (var endpoint in new[] { "/api/v2/media", "/api/v1/media" })
        {
            var response = await client.SendAsync(HttpMethod.Post, endpoint, token, Upload(clip, "clip.mp4"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("10 frames", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_waiting_upload_that_fails_processing_answers_422_with_the_reason_and_leaves_no_file()
    {
        var (app, client, token) = await StartWithAliceAsync();
        var accepted = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Mp4(160, 120, 1), "clip.mp4")),
            HttpStatusCode.Accepted);
        // The waiting file is damaged in storage before the worker gets to it (a disk fault, say).
        var waiting = await app.DbAsync(db => db.MediaAttachments.Select(m => m.FilePath).SingleAsync());
        await File.WriteAllBytesAsync(Path.Combine(app.Storage.DataDirectory, "media", waiting), Encoding.UTF8.GetBytes("gone bad"));

        await app.DrainMediaAsync();

        var failed = await client.GetAsync($"/api/v1/media/{accepted.GetProperty("id").GetString()}", token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.StatusCode);
        Assert.Contains("not supported", await failed.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task An_upload_never_attached_is_removed_with_its_files_after_a_day()
    {
        var (app, client, token) = await StartWithAliceAsync();
        await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Png(), "a.png"));

        Assert.Equal(0, await app.UseAsync<MediaCleanup, int>(c => c.RemoveOrphansAsync(CancellationToken.None)));
        app.AdvanceTime(TimeSpan.FromHours(25));
        Assert.Equal(1, await app.UseAsync<MediaCleanup, int>(c => c.RemoveOrphansAsync(CancellationToken.None)));

        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_profile_picture_is_cropped_square_served_and_removed_again()
    {
        var (_, client, token) = await StartWithAliceAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestMedia.Jpeg(1000, 600)), "avatar", "me.jpg" } };

        var account = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, form), HttpStatusCode.OK);

        var avatar = account.GetProperty("avatar").GetString()!;
        Assert.Contains("/system/accounts/avatars/", avatar);
        using (var picture = SKBitmap.Decode(await (await client.GetAsync(avatar.Replace("https://starling.test", ""))).Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((400, 400), (picture.Width, picture.Height));
        }
        var actor = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/users/alice") { Headers = { { "Accept", "application/activity+json" } } });
        Assert.Equal(avatar, JsonDocument.Parse(await actor.Content.ReadAsStringAsync()).RootElement.GetProperty("icon").GetProperty("url").GetString());

        var removed = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Delete, "/api/v1/profile/avatar", token), HttpStatusCode.OK);
        Assert.EndsWith("/avatars/original/missing.png", removed.GetProperty("avatar").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(avatar.Replace("https://starling.test", ""))).StatusCode);
    }

    [Fact]
    public async Task A_profile_picture_that_is_not_an_image_is_refused_and_the_rest_of_the_change_is_not_made()
    {
        var (app, client, token) = await StartWithAliceAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent("New name"), "display_name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("not a picture")), "avatar", "me.jpg" },
        };

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, form), HttpStatusCode.UnprocessableEntity);

        Assert.NotEqual("New name", await app.DbAsync(db => db.Accounts.Where(a => a.Username == "alice").Select(a => a.DisplayName).SingleAsync()));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_refused_header_leaves_the_avatar_it_came_with_unmade_and_the_old_avatar_in_place()
    {
        var (app, client, token) = await StartWithAliceAsync();
        var first = new MultipartFormDataContent { { new ByteArrayContent(TestMedia.Jpeg(500, 500)), "avatar", "first.jpg" } };
        var before = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, first), HttpStatusCode.OK);
        var avatar = before.GetProperty("avatar").GetString()!;
        var filesBefore = StoredFiles(app);
        var both = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestMedia.Png(600, 600)), "avatar", "second.png" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("not a picture")), "header", "header.jpg" },
        };

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, both), HttpStatusCode.UnprocessableEntity);

        var after = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Get, "/api/v1/accounts/verify_credentials", token), HttpStatusCode.OK);
        Assert.Equal(avatar, after.GetProperty("avatar").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(avatar.Replace("https://starling.test", ""))).StatusCode);
        Assert.Equal(filesBefore.Order(), StoredFiles(app).Order());
    }

    private static byte[] Heic(int width, int height)
    {
        using var picture = EncodedTestImages.Noise(width, height);
        return HeifTestImages.Heic(EncodedTestImages.Png(picture));
    }

    [Fact]
    public async Task A_post_deleted_with_delete_media_takes_its_files_at_once_and_one_deleted_without_leaves_them_for_a_redraft()
    {
        var (app, client, token) = await StartWithAliceAsync();
        async Task<(string Status, string Media)> PostWithPictureAsync(string text)
        {
            var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Jpeg(800, 600), "photo.jpg")), HttpStatusCode.OK);
            var mediaId = media.GetProperty("id").GetString()!;
            var status = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/statuses", token,
                new FormUrlEncodedContent([new("status", text), new("media_ids[]", mediaId)])), HttpStatusCode.OK);
            return (status.GetProperty("id").GetString()!, mediaId);
        }
        var kept = await PostWithPictureAsync("Redraft me");
        var gone = await PostWithPictureAsync("Gone for good");
        var filesOfKept = StoredFiles(app).Where(f => f.Contains($"/attachments/{kept.Media}/")).ToList();
        Assert.Equal(2, filesOfKept.Count);

        await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/statuses/{kept.Status}", token), HttpStatusCode.OK);
        await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/statuses/{gone.Status}?delete_media=true", token), HttpStatusCode.OK);

        // The first post's file is an unattached upload again, ready for the redrafted post; the second's is no more.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/media/{kept.Media}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/media/{gone.Media}", token)).StatusCode);
        Assert.Equal(filesOfKept.Order(), StoredFiles(app).Order());
    }

    private static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("secret.txt").Open());
            entry.Write("hidden payload");
        }
        return buffer.ToArray();
    }

    public sealed class Sqlite() : MediaProcessingApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : MediaProcessingApiTests(TestDatabase.Postgres);
}
