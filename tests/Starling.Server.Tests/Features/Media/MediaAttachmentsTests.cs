using System.Text;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Features.Media;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Tests.Infrastructure.MediaProcessing;

namespace Starling.Server.Tests.Features.Media;

/// <summary>Uploads kept as sent, and the rules a status follows when it claims them.</summary>
public abstract class MediaAttachmentsTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<MediaAttachment> UploadAsync(TestInstance app, long accountId, byte[] bytes, string? description = null, string? focus = null) =>
        app.UseAsync<MediaAttachments, MediaAttachment>(media => media.UploadAsync(accountId, new MemoryStream(bytes), bytes.Length, description, focus));

    /// <summary>Claims in one scope and saves the status with its media in that scope's one commit, as posting will.</summary>
    private static async Task<IReadOnlyList<MediaAttachment>> ClaimAsync(TestInstance app, long accountId, long statusId, params long[] ids)
    {
        await using var scope = app.CreateScope();
        var claimed = await scope.ServiceProvider.GetRequiredService<MediaAttachments>().ClaimForStatusAsync(accountId, ids);
        foreach (var media in claimed)
        {
            media.StatusId = statusId;
        }
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        return claimed;
    }

    [Fact]
    public async Task An_image_is_kept_re_encoded_and_ready_at_once()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        var bytes = TestMedia.Png(640, 480);

        var media = await UploadAsync(app, world.Id("alice"), bytes, description: "  A red square  ", focus: "-0.5,0.25");

        Assert.Equal((MediaType.Image, MediaState.Ready, "image/png", 640, 480), (media.Type, media.State, media.ContentType, media.Width, media.Height));
        Assert.Equal(("A red square", -0.5, 0.25), (media.Description, media.FocusX, media.FocusY));
        Assert.Matches(@"^attachments/\d+/[0-9a-f]{16}\.png$", media.FilePath);
        var path = ((LocalMediaStorage)app.Services.GetRequiredService<IMediaStorage>()).FullPath(media.FilePath);
        Assert.StartsWith(Path.Combine(app.Storage.DataDirectory, "media"), path);
        // Re-encoded, so nothing but the pixels survives from the upload.
        using (var kept = SkiaSharp.SKBitmap.Decode(path))
        {
            Assert.Equal((640, 480), (kept.Width, kept.Height));
        }
        Assert.Null(media.StatusId);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_and_nothing_is_kept()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        var script = Encoding.UTF8.GetBytes("<svg onload=\"alert(1)\"></svg>");

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => UploadAsync(app, world.Id("alice"), script));

        Assert.Equal("file", error.Field);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
        Assert.False(Directory.Exists(Path.Combine(app.Storage.DataDirectory, "media", "attachments")) && Directory.EnumerateFiles(Path.Combine(app.Storage.DataDirectory, "media"), "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("2,0")]
    [InlineData("0.5")]
    [InlineData("left,top")]
    [InlineData("0,0,0")]
    public async Task A_focal_point_outside_the_picture_is_refused(string focus)
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => UploadAsync(app, world.Id("alice"), TestMedia.Gif(), focus: focus));

        Assert.Equal("focus", error.Field);
    }

    [Fact]
    public async Task A_file_larger_than_the_configured_limit_is_refused()
    {
        var app = await StartAsync(o => o with { Settings = new Dictionary<string, string?> { ["Starling:Media:MaxUploadBytes"] = "2048" } });
        var world = await app.World().Users("alice").BuildAsync();

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => UploadAsync(app, world.Id("alice"), TestMedia.NoisyJpeg()));

        Assert.Contains("2048 bytes", error.Message);
        Assert.Equal(0, await app.DbAsync(db => db.MediaAttachments.CountAsync()));
    }

    [Fact]
    public async Task A_status_claims_its_authors_uploads_in_the_order_given_and_shows_them()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Holiday pictures").BuildAsync();
        var first = await UploadAsync(app, world.Id("alice"), TestMedia.Png(), "First");
        var second = await UploadAsync(app, world.Id("alice"), TestMedia.Jpeg(), "Second");

        var claimed = await ClaimAsync(app, world.Id("alice"), world.Status("post").Id, second.Id, first.Id);

        Assert.Equal([(second.Id, 0), (first.Id, 1)], claimed.Select(m => (m.Id, m.Position)));
        var view = await app.UseAsync<StatusLoader, StatusView?>(loader => loader.LoadOneAsync(world.Status("post").Id, world.Id("bob"), default));
        Assert.Equal(["Second", "First"], view!.Status.MediaAttachments.Select(m => m.Description));
        var rendered = app.Services.GetRequiredService<StatusRenderer>().Render(view, world.Id("bob"));
        Assert.Equal(["image", "image"], rendered.MediaAttachments.Select(m => m.Type));
        Assert.All(rendered.MediaAttachments, m => Assert.StartsWith("https://starling.test/system/media_attachments/files/", m.Url));
    }

    [Fact]
    public async Task A_boost_shows_the_media_of_the_boosted_status()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "A picture").BuildAsync();
        var media = await UploadAsync(app, world.Id("alice"), TestMedia.Png());
        await ClaimAsync(app, world.Id("alice"), world.Status("post").Id, media.Id);
        var boost = await app.UseAsync<ReblogStatus, Status>(reblog => reblog.ReblogAsync(world.Id("bob"), world.Status("post").Id));

        var view = await app.UseAsync<StatusLoader, StatusView?>(loader => loader.LoadOneAsync(boost.Id, world.Id("bob"), default));

        Assert.Equal([media.Id], view!.Content.MediaAttachments.Select(m => m.Id));
    }

    [Fact]
    public async Task Claiming_refuses_too_many_others_uploads_attached_ones_and_unknown_ids()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Pictures").Post("other", "alice", "More").BuildAsync();
        var alice = world.Id("alice");
        var uploads = new List<MediaAttachment>();
        for (var i = 0; i < 5; i++)
        {
            uploads.Add(await UploadAsync(app, alice, TestMedia.Gif()));
        }
        var bobs = await UploadAsync(app, world.Id("bob"), TestMedia.Gif());
        await ClaimAsync(app, alice, world.Status("other").Id, uploads[4].Id);

        Task Claim(params long[] ids) => app.UseAsync<MediaAttachments>(media => media.ClaimForStatusAsync(alice, ids));

        Assert.Contains("more than 4", (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Claim([.. uploads.Take(4).Select(u => u.Id), bobs.Id]))).Message);
        Assert.Contains(bobs.Id.ToString(), (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Claim(uploads[0].Id, bobs.Id))).Message);
        Assert.Contains(uploads[4].Id.ToString(), (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Claim(uploads[4].Id))).Message);
        Assert.Equal("media_ids", (await AssertRefusedAsync(DomainErrorKind.Invalid, () => Claim(123456789))).Field);
        Assert.Empty(await app.UseAsync<MediaAttachments, IReadOnlyList<MediaAttachment>>(media => media.ClaimForStatusAsync(alice, [])));
    }

    [Fact]
    public async Task An_upload_still_processing_cannot_be_attached()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").BuildAsync();
        var media = await UploadAsync(app, world.Id("alice"), TestMedia.Png());
        await app.DbAsync(db => db.MediaAttachments.Where(m => m.Id == media.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.State, MediaState.Processing)));

        var error = await AssertRefusedAsync(DomainErrorKind.Invalid, () => app.UseAsync<MediaAttachments>(m => m.ClaimForStatusAsync(world.Id("alice"), [media.Id])));

        Assert.Contains("not finished processing", error.Message);
    }

    [Fact]
    public async Task Deleting_a_status_lets_go_of_its_media_so_they_can_be_posted_again()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").Post("post", "alice", "Redraft me").BuildAsync();
        var media = await UploadAsync(app, world.Id("alice"), TestMedia.Png());
        await ClaimAsync(app, world.Id("alice"), world.Status("post").Id, media.Id);

        await app.UseAsync<DeleteStatus>(delete => delete.DeleteAsync(world.Id("alice"), world.Status("post").Id));

        Assert.Null((await app.DbAsync(db => db.MediaAttachments.SingleAsync())).StatusId);
        Assert.Single(await app.UseAsync<MediaAttachments, IReadOnlyList<MediaAttachment>>(m => m.ClaimForStatusAsync(world.Id("alice"), [media.Id])));
    }

    [Fact]
    public async Task Deleting_an_upload_removes_its_file_but_an_attached_one_stays()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice").Post("post", "alice", "Keep").BuildAsync();
        var loose = await UploadAsync(app, world.Id("alice"), TestMedia.Png());
        var attached = await UploadAsync(app, world.Id("alice"), TestMedia.Png());
        await ClaimAsync(app, world.Id("alice"), world.Status("post").Id, attached.Id);
        var storage = (LocalMediaStorage)app.Services.GetRequiredService<IMediaStorage>();

        await app.UseAsync<MediaAttachments>(m => m.DeleteAsync(world.Id("alice"), loose.Id));
        await AssertRefusedAsync(DomainErrorKind.Conflict, () => app.UseAsync<MediaAttachments>(m => m.DeleteAsync(world.Id("alice"), attached.Id)));

        Assert.False(File.Exists(storage.FullPath(loose.FilePath)));
        Assert.True(File.Exists(storage.FullPath(attached.FilePath)));
        Assert.Equal([attached.Id], await app.DbAsync(db => db.MediaAttachments.Select(m => m.Id).ToListAsync()));
    }

    public sealed class Sqlite() : MediaAttachmentsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : MediaAttachmentsTests(TestDatabase.Postgres);
}
