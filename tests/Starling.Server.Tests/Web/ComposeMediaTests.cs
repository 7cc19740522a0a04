using System.Net;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Starling.Server.Data.Entities;

namespace Starling.Server.Tests.Web;

/// <summary>Files attached from the compose form, and how posts draw each kind of media, as a browser without JavaScript sees them.</summary>
public abstract class ComposeMediaTests(TestDatabase database) : IntegrationTest(database)
{
    private const string Jpeg = "image/jpeg";

    [Fact]
    public async Task A_post_with_a_described_picture_marked_sensitive_is_published_with_it_and_shows_it_behind_a_click()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var home = await web.GetAsync("/");
        Assert.Contains("enctype=\"multipart/form-data\"", home.Html);

        var result = await web.PostMultipartWithTokenAsync("/compose", home.AntiforgeryToken,
            [("Text", "Dawn over the marsh"), ("Visibility", "Public"), ("ReturnUrl", "/"), ("Sensitive", "true"),
             ("Media[0].Description", "Mist over reeds at sunrise"), ("Media[0].Focus", "0.5,-0.25"), ("Media[1].Description", "")],
            [("Media[0].File", "dawn.jpg", PictureBytes(320, 240)), ("Media[1].File", "", [])]);

        Assert.Equal("/", result.Location);
        var status = await app.DbAsync(db => db.Statuses.AsNoTracking().Include(s => s.MediaAttachments).SingleAsync(s => s.AccountId == world.Id("carol")));
        Assert.True(status.Sensitive);
        var picture = Assert.Single(status.MediaAttachments);
        Assert.Equal("Mist over reeds at sunrise", picture.Description);
        Assert.Equal((0.5, -0.25), (picture.FocusX, picture.FocusY));
        var page = await web.FollowAsync(result);
        Assert.Contains("<summary><span class=\"sensitive-label\">Sensitive content</span> <span class=\"cw-toggle\">Show sensitive media</span></summary>", page.Html);
        Assert.Contains($"/system/media_attachments/files/{picture.Id}/original/", page.Html);
        Assert.Contains("alt=\"Mist over reeds at sunrise\"", page.Html);
        Assert.Contains("data-focus=\"0.5,-0.25\"", page.Html);
    }

    [Fact]
    public async Task A_refused_post_keeps_what_was_typed_and_deletes_the_files_it_had_stored()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var home = await web.GetAsync("/");
        var text = new string('a', 501);

        var result = await web.PostMultipartWithTokenAsync("/compose", home.AntiforgeryToken,
            [("Text", text), ("Visibility", "Public"), ("ReturnUrl", "/"), ("Media[0].Description", "Kept for next time")],
            [("Media[0].File", "dawn.jpg", PictureBytes(320, 240))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.StartsWith("Text is too long", result.Alert);
        Assert.Contains("choose them again", result.Html);
        Assert.Contains($">{text}</textarea>", result.Html);
        Assert.Contains(">Kept for next time</textarea>", result.Html);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync(m => m.AccountId == world.Id("carol"))));
        Assert.Equal(0, await app.DbAsync(db => db.Statuses.CountAsync(s => s.AccountId == world.Id("carol"))));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_refused_file_is_named_in_the_message_and_marked_and_the_files_before_it_are_deleted()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var home = await web.GetAsync("/");

        var result = await web.PostMultipartWithTokenAsync("/compose", home.AntiforgeryToken,
            [("Text", "Two files"), ("Visibility", "Public"), ("ReturnUrl", "/")],
            [("Media[0].File", "dawn.jpg", PictureBytes(320, 240)), ("Media[1].File", "notes.jpg", "not a picture"u8.ToArray())]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.StartsWith("notes.jpg: ", result.Alert);
        Assert.Contains("id=\"compose-file-1\" name=\"Media[1].File\" accept=\"image/*,video/*,audio/*\" aria-invalid=\"true\"", result.Html);
        Assert.Contains("<details class=\"compose-media\" open=\"open\">", result.Html);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync(m => m.AccountId == world.Id("carol"))));
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task Each_kind_of_media_is_drawn_with_its_preview_and_its_own_native_element()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice")
            .Post("image", "alice", "A picture").Post("video", "alice", "A video").Post("gifv", "alice", "A loop")
            .Post("audio", "alice", "A song").Post("remote", "alice", "A picture elsewhere").BuildAsync();
        var alice = world.Id("alice");
        await app.DbAsync(async db =>
        {
            db.MediaAttachments.AddRange(
                Media(alice, world.Status("image").Id, 901, MediaType.Image, Jpeg, "dawn.jpg", "dawn_small.jpg", "Reeds", (1600, 1200), (640, 480)),
                Media(alice, world.Status("video").Id, 902, MediaType.Video, "video/mp4", "clip.mp4", "clip_small.jpg", null, (1280, 720), (640, 360)),
                Media(alice, world.Status("gifv").Id, 903, MediaType.Gifv, "video/mp4", "loop.mp4", "loop_small.jpg", "A cat", (400, 300), (400, 300)),
                Media(alice, world.Status("audio").Id, 904, MediaType.Audio, "audio/mpeg", "song.mp3", null, "Birdsong", null, null),
                Media(alice, world.Status("remote").Id, 905, MediaType.Image, Jpeg, "", null, "Far away", (800, 600), null, remoteUrl: "https://elsewhere.example/far.jpg"));
            await db.SaveChangesAsync();
        });
        using var web = new WebSession(app);
        const string files = "https://starling.test/system/media_attachments/files";

        var image = (await web.GetAsync($"/@alice/{world.Status("image").Id}")).Html;
        Assert.Contains($"<a class=\"media-link\" href=\"{files}/901/original/dawn.jpg\"><img src=\"{files}/901/small/dawn_small.jpg\" width=\"640\" height=\"480\" alt=\"Reeds\" loading=\"lazy\"", image);
        Assert.Contains("<summary title=\"Show the description\">ALT</summary><p>Reeds</p>", image);
        Assert.DoesNotContain("sensitive-media", image);

        var video = (await web.GetAsync($"/@alice/{world.Status("video").Id}")).Html;
        Assert.Contains($"<video controls playsinline preload=\"metadata\" poster=\"{files}/902/small/clip_small.jpg\" width=\"640\" height=\"360\" aria-label=\"Video\"><source src=\"{files}/902/original/clip.mp4\" type=\"video/mp4\">", video);

        var gifv = (await web.GetAsync($"/@alice/{world.Status("gifv").Id}")).Html;
        Assert.Contains($"<video class=\"gifv\" autoplay loop muted playsinline poster=\"{files}/903/small/loop_small.jpg\"", gifv);

        var audio = (await web.GetAsync($"/@alice/{world.Status("audio").Id}")).Html;
        Assert.Contains($"<audio controls preload=\"metadata\" aria-label=\"Birdsong\"><source src=\"{files}/904/original/song.mp3\" type=\"audio/mpeg\">", audio);

        var remote = (await web.GetAsync($"/@alice/{world.Status("remote").Id}")).Html;
        Assert.Contains("<a class=\"media-link\" href=\"https://elsewhere.example/far.jpg\"><img src=\"https://elsewhere.example/far.jpg\" width=\"800\" height=\"600\" alt=\"Far away\"", remote);
    }

    [Fact]
    public async Task Editing_a_post_with_files_asks_again_whether_they_are_sensitive_and_keeps_the_answer()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var home = await web.GetAsync("/");
        await web.PostMultipartWithTokenAsync("/compose", home.AntiforgeryToken,
            [("Text", "Hidden at first"), ("Visibility", "Public"), ("ReturnUrl", "/"), ("Sensitive", "true")],
            [("Media[0].File", "dawn.jpg", PictureBytes(320, 240))]);
        var id = await app.DbAsync(db => db.Statuses.Where(s => s.AccountId == world.Id("carol")).Select(s => s.Id).SingleAsync());
        var editPath = $"/@carol/{id}/edit";

        var form = await web.GetAsync(editPath);
        Assert.Contains("<input type=\"checkbox\" name=\"Sensitive\" value=\"true\" checked=\"checked\"> Mark media as sensitive", form.Html);
        await web.PostWithTokenAsync(editPath, form.AntiforgeryToken, [("Text", "Still hidden"), ("SpoilerText", ""), ("Sensitive", "true")]);
        Assert.True(await app.DbAsync(db => db.Statuses.Where(s => s.Id == id).Select(s => s.Sensitive).SingleAsync()));

        await web.PostWithTokenAsync(editPath, form.AntiforgeryToken, [("Text", "Shown now"), ("SpoilerText", "")]);
        Assert.False(await app.DbAsync(db => db.Statuses.Where(s => s.Id == id).Select(s => s.Sensitive).SingleAsync()));
        Assert.Equal(1, await app.DbAsync(db => db.MediaAttachments.CountAsync(m => m.StatusId == id)));
    }

    private static MediaAttachment Media(long accountId, long statusId, long id, MediaType type, string contentType, string file, string? preview, string? description,
        (int Width, int Height)? size, (int Width, int Height)? previewSize, string? remoteUrl = null) => new()
    {
        Id = id,
        AccountId = accountId,
        StatusId = statusId,
        Type = type,
        State = MediaState.Ready,
        ContentType = contentType,
        FilePath = file.Length == 0 ? "" : $"attachments/{id}/{file}",
        PreviewFilePath = preview is null ? null : $"attachments/{id}/{preview}",
        Width = size?.Width,
        Height = size?.Height,
        PreviewWidth = previewSize?.Width,
        PreviewHeight = previewSize?.Height,
        Description = description,
        RemoteUrl = remoteUrl,
    };

    internal static byte[] PictureBytes(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(120, 140, 160));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    internal static IReadOnlyList<string> StoredFiles(TestInstance app)
    {
        var folder = Path.Combine(app.Storage.DataDirectory, "media");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)] : [];
    }

    public sealed class Sqlite() : ComposeMediaTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ComposeMediaTests(TestDatabase.Postgres);
}
