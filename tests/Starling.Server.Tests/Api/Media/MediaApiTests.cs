using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Starling.Server.Tests.Infrastructure.MediaProcessing;

namespace Starling.Server.Tests.Api.Media;

/// <summary>Uploading, describing and fetching media over HTTP, and the stored files served back as what they are.</summary>
public abstract partial class MediaApiTests(TestDatabase database) : IntegrationTest(database)
{
    [System.Text.RegularExpressions.GeneratedRegex("/(original|small)/[0-9a-f]{16}")]
    private static partial System.Text.RegularExpressions.Regex RandomFileName();

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName = "picture.png", string contentType = "image/png",
        params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    private async Task<(TestInstance App, ApiClient Client, string Token)> StartWithAliceAsync(string scopes = "read write",
        Dictionary<string, string?>? settings = null)
    {
        var app = await StartAsync(o => o with { FakeTime = true, Settings = settings ?? new Dictionary<string, string?>() });
        await app.World().Users("alice", "bob").BuildAsync();
        var client = new ApiClient(app);
        return (app, client, await client.UserTokenAsync("alice", scopes));
    }

    [Fact]
    public async Task An_image_uploaded_with_v2_is_ready_at_once_and_served_from_its_url_as_an_image()
    {
        var (_, client, token) = await StartWithAliceAsync();
        var bytes = TestMedia.Png(640, 480);

        var response = await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(bytes, fields: [("description", "A red square"), ("focus", "-0.25,0.5")]));
        var media = await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);

        // The file name's random part differs on every run.
        GoldenJson.AssertMatches(RandomFileName().Replace(media.GetRawText(), "/$1/{file}"), "MediaAttachment.json");
        var url = media.GetProperty("url").GetString()!;
        Assert.EndsWith("-small.jpg", media.GetProperty("preview_url").GetString());
        using var file = await client.GetAsync(url.Replace("https://starling.test", ""));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);
        using (var served = SkiaSharp.SKBitmap.Decode(await file.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((640, 480), (served.Width, served.Height));
        }
        Assert.Contains("immutable", file.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_v1_upload_answers_the_same_entity_and_the_type_comes_from_the_bytes_not_the_name()
    {
        var (_, client, token) = await StartWithAliceAsync();

        var media = await ApiClient.ReadJsonAsync(
            await client.SendAsync(HttpMethod.Post, "/api/v1/media", token, Upload(TestMedia.Jpeg(800, 600), "holiday.png", "image/png")), HttpStatusCode.OK);

        Assert.Equal("image", media.GetProperty("type").GetString());
        Assert.EndsWith(".jpg", media.GetProperty("url").GetString());
        Assert.Equal(800, media.GetProperty("meta").GetProperty("original").GetProperty("width").GetInt32());
        using var file = await client.GetAsync(media.GetProperty("url").GetString()!.Replace("https://starling.test", ""));
        Assert.Equal("image/jpeg", file.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("page.html", "text/html", "<html><script>alert(1)</script></html>")]
    [InlineData("image.png", "image/png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("clip.mp4", "video/mp4", "\0\0\0 ftypisom")]
    public async Task A_file_that_is_not_a_known_image_is_refused_with_422(string fileName, string contentType, string body)
    {
        var (app, client, token) = await StartWithAliceAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(Encoding.UTF8.GetBytes(body), fileName, contentType));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
    }

    [Fact]
    public async Task Missing_files_oversized_files_and_bad_focus_are_refused()
    {
        var (app, client, token) = await StartWithAliceAsync(settings: new() { ["Starling:Media:MaxUploadBytes"] = "4096" });
        var noFile = new MultipartFormDataContent { { new StringContent("alt"), "description" } };

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, noFile), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.NoisyJpeg(), "big.jpg", "image/jpeg")),
            HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Png(), fields: [("focus", "3,3")])),
            HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Png(), fields: [("description", new string('x', 1501))])),
            HttpStatusCode.UnprocessableEntity);
        // Far beyond the limit: refused while the body is read, before any of it is stored.
        var huge = await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(new byte[2 * 1024 * 1024], "huge.png"));
        Assert.True(huge.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"Got {(int)huge.StatusCode}");
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
    }

    [Fact]
    public async Task An_upload_is_read_described_and_deleted_by_its_owner_only()
    {
        var (app, client, token) = await StartWithAliceAsync();
        var bob = await client.UserTokenAsync("bob", "read write");
        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Gif())), HttpStatusCode.OK);
        var id = media.GetProperty("id").GetString();

        var shown = await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/media/{id}", token), HttpStatusCode.OK);
        var described = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Put, $"/api/v1/media/{id}", token,
            ApiClient.Json(new { description = "A tiny GIF", focus = "0.5,-0.5" })), HttpStatusCode.OK);
        var cleared = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Put, $"/api/v1/media/{id}", token,
            ApiClient.Form(("description", ""))), HttpStatusCode.OK);

        Assert.Equal(media.GetRawText(), shown.GetRawText());
        Assert.Equal("A tiny GIF", described.GetProperty("description").GetString());
        Assert.Equal((0.5, -0.5), (described.GetProperty("meta").GetProperty("focus").GetProperty("x").GetDouble(), described.GetProperty("meta").GetProperty("focus").GetProperty("y").GetDouble()));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.Equal(0.5, cleared.GetProperty("meta").GetProperty("focus").GetProperty("x").GetDouble());
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/media/{id}", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Put, $"/api/v1/media/{id}", bob, ApiClient.Form(("description", "mine now"))), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/media/{id}", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/media/nope", token), HttpStatusCode.NotFound);

        var deleted = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Delete, $"/api/v1/media/{id}", token), HttpStatusCode.OK);
        Assert.Equal("{}", deleted.GetRawText());
        using var file = await client.GetAsync(media.GetProperty("url").GetString()!.Replace("https://starling.test", ""));
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
    }

    [Fact]
    public async Task An_upload_still_processing_answers_206_without_a_url()
    {
        var (app, client, token) = await StartWithAliceAsync();
        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Png())), HttpStatusCode.OK);
        var id = long.Parse(media.GetProperty("id").GetString()!);
        await app.DbAsync(db => db.MediaAttachments.Where(m => m.Id == id).ExecuteUpdateAsync(m => m.SetProperty(x => x.State, MediaState.Processing)));

        var response = await client.GetAsync($"/api/v1/media/{id}", token);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("url").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("preview_url").ValueKind);
        using var file = await client.GetAsync(media.GetProperty("url").GetString()!.Replace("https://starling.test", ""));
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
    }

    [Fact]
    public async Task Files_are_found_only_at_their_exact_address()
    {
        var (_, client, token) = await StartWithAliceAsync();
        var media = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, Upload(TestMedia.Png())), HttpStatusCode.OK);
        var path = new Uri(media.GetProperty("url").GetString()!).AbsolutePath;
        var id = media.GetProperty("id").GetString();

        foreach (var wrong in new[]
        {
            path.Replace(".png", ".jpg"),
            $"/system/media_attachments/files/{id}/original/0000000000000000.png",
            $"/system/media_attachments/files/{id}/original/..%2F..%2Fstarling.db",
            "/system/media_attachments/files/abc/original/x.png",
        })
        {
            using var response = await client.GetAsync(wrong);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{wrong} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Uploads_need_a_user_token_with_write_media()
    {
        var (_, client, readOnly) = await StartWithAliceAsync("read");

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", null, Upload(TestMedia.Png())), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", readOnly, Upload(TestMedia.Png())), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/media", readOnly, Upload(TestMedia.Png())), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/media/1", readOnly), HttpStatusCode.Forbidden);
    }

    public sealed class Sqlite() : MediaApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : MediaApiTests(TestDatabase.Postgres);
}
