using System.Net;
using Microsoft.EntityFrameworkCore;
using static Starling.Server.Tests.Web.ComposeMediaTests;

namespace Starling.Server.Tests.Web;

/// <summary>A post's files on its edit form: listed with their alt text, removed, added to and described, as a browser without JavaScript sends them.</summary>
public abstract class EditMediaTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task The_edit_form_lists_the_post_s_files_with_their_previews_and_alt_text_and_offers_slots_up_to_four()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var (id, media) = await PostWithPicturesAsync(app, web, "Reeds at dawn", "Mist over the water");

        var form = await web.GetAsync($"/@carol/{id}/edit");

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("enctype=\"multipart/form-data\"", form.Html);
        Assert.Contains($"<input type=\"hidden\" name=\"Attached[0].Id\" value=\"{media[0]}\">", form.Html);
        Assert.Contains($"<input type=\"hidden\" name=\"Attached[1].Id\" value=\"{media[1]}\">", form.Html);
        Assert.Contains($"<img src=\"https://starling.test/system/media_attachments/files/{media[0]}/small/", form.Html);
        Assert.Contains("<label for=\"compose-attached-alt-0\">Alt text for file 1</label>", form.Html);
        Assert.Contains("name=\"Attached[0].Description\" rows=\"2\" maxlength=\"1500\">Reeds at dawn</textarea>", form.Html);
        Assert.Contains("name=\"Attached[1].Description\" rows=\"2\" maxlength=\"1500\">Mist over the water</textarea>", form.Html);
        Assert.Contains("<input type=\"checkbox\" name=\"Attached[1].Remove\" value=\"true\"> Remove file 2</label>", form.Html);
        // Two files held, so two slots for new ones, numbered after them.
        Assert.Equal(2, form.Count("type=\"file\""));
        Assert.Contains("<label for=\"compose-file-0\" class=\"media-file-label\">Choose file 3</label>", form.Html);
        Assert.Contains("<label for=\"compose-file-1\" class=\"media-file-label\">Choose file 4</label>", form.Html);
        Assert.DoesNotContain("Media[2].File", form.Html);
        Assert.Contains("<details class=\"compose-media\" open=\"open\">", form.Html);
    }

    [Fact]
    public async Task Removing_one_file_and_adding_one_saves_the_kept_file_first_and_the_new_one_after_it()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var (id, media) = await PostWithPicturesAsync(app, web, "First picture", "Second picture");
        var editPath = $"/@carol/{id}/edit";
        var form = await web.GetAsync(editPath);

        var result = await web.PostMultipartWithTokenAsync(editPath, form.AntiforgeryToken,
            [("Text", "One swapped"), ("SpoilerText", ""),
             ("Attached[0].Id", media[0].ToString()), ("Attached[0].Description", "First picture"), ("Attached[0].Remove", "true"),
             ("Attached[1].Id", media[1].ToString()), ("Attached[1].Description", "Second picture"),
             ("Media[0].Description", "A new picture"), ("Media[0].Focus", "0.25,0.5")],
            [("Media[0].File", "new.jpg", PictureBytes(200, 100)), ("Media[1].File", "", [])]);

        Assert.Equal($"/@carol/{id}", result.Location);
        var attached = await app.DbAsync(db => db.MediaAttachments.AsNoTracking().Where(m => m.StatusId == id).OrderBy(m => m.Position).ToListAsync());
        Assert.Equal(2, attached.Count);
        Assert.Equal(media[1], attached[0].Id);
        Assert.Equal("Second picture", attached[0].Description);
        Assert.DoesNotContain(attached[1].Id, media);
        Assert.Equal("A new picture", attached[1].Description);
        Assert.Equal((0.25, 0.5), (attached[1].FocusX, attached[1].FocusY));
        Assert.Equal((200, 100), (attached[1].Width, attached[1].Height));
        Assert.Null(await app.DbAsync(db => db.MediaAttachments.Where(m => m.Id == media[0]).Select(m => m.StatusId).SingleAsync()));
        Assert.Equal("One swapped", await app.DbAsync(db => db.Statuses.Where(s => s.Id == id).Select(s => s.Text).SingleAsync()));

        var page = await web.FollowAsync(result);
        Assert.Equal("Your changes are saved.", page.Notice);
        var kept = page.Html.IndexOf($"/system/media_attachments/files/{media[1]}/original/", StringComparison.Ordinal);
        var added = page.Html.IndexOf($"/system/media_attachments/files/{attached[1].Id}/original/", StringComparison.Ordinal);
        Assert.True(kept >= 0 && added > kept, "The kept picture is drawn first and the new one after it.");
        Assert.DoesNotContain($"/system/media_attachments/files/{media[0]}/", page.Html);
        Assert.Contains("alt=\"A new picture\"", page.Html);
    }

    [Fact]
    public async Task Alt_text_changed_or_cleared_on_the_edit_form_is_saved_with_the_edit()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var (id, media) = await PostWithPicturesAsync(app, web, "A picture", "Another picture");
        var editPath = $"/@carol/{id}/edit";
        var form = await web.GetAsync(editPath);

        var result = await web.PostMultipartWithTokenAsync(editPath, form.AntiforgeryToken,
            [("Text", "Better described"), ("SpoilerText", ""),
             ("Attached[0].Id", media[0].ToString()), ("Attached[0].Description", "  Two herons in the reeds  "),
             ("Attached[1].Id", media[1].ToString()), ("Attached[1].Description", "")],
            []);

        Assert.Equal($"/@carol/{id}", result.Location);
        var attached = await app.DbAsync(db => db.MediaAttachments.AsNoTracking().Where(m => m.StatusId == id).OrderBy(m => m.Position).ToListAsync());
        Assert.Equal(media, attached.Select(m => m.Id).ToList());
        Assert.Equal("Two herons in the reeds", attached[0].Description);
        Assert.Null(attached[1].Description);
        var page = await web.FollowAsync(result);
        Assert.Contains("alt=\"Two herons in the reeds\"", page.Html);
        Assert.DoesNotContain("Another picture", page.Html);
    }

    [Fact]
    public async Task A_refused_new_file_changes_nothing_of_the_post_keeps_what_was_typed_and_leaves_no_new_file_stored()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var (id, media) = await PostWithPicturesAsync(app, web, "As it was");
        var storedBefore = StoredFiles(app).Order().ToList();
        var editPath = $"/@carol/{id}/edit";
        var form = await web.GetAsync(editPath);

        var result = await web.PostMultipartWithTokenAsync(editPath, form.AntiforgeryToken,
            [("Text", "Changed my mind"), ("SpoilerText", ""),
             ("Attached[0].Id", media[0].ToString()), ("Attached[0].Description", "Typed but not saved"), ("Attached[0].Remove", "true"),
             ("Media[0].Description", "A fine picture"), ("Media[1].Description", "Not a picture at all")],
            [("Media[0].File", "fine.jpg", PictureBytes(160, 120)), ("Media[1].File", "notes.jpg", "not a picture"u8.ToArray())]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.StartsWith("notes.jpg: ", result.Alert);
        Assert.Contains("choose them again", result.Html);
        Assert.Contains("id=\"compose-file-1\" name=\"Media[1].File\" accept=\"image/*,video/*,audio/*\" aria-invalid=\"true\"", result.Html);
        Assert.Contains(">Changed my mind</textarea>", result.Html);
        Assert.Contains("name=\"Attached[0].Description\" rows=\"2\" maxlength=\"1500\">Typed but not saved</textarea>", result.Html);
        Assert.Contains("<input type=\"checkbox\" name=\"Attached[0].Remove\" value=\"true\" checked=\"checked\"> Remove file 1</label>", result.Html);
        Assert.Contains(">Not a picture at all</textarea>", result.Html);

        var status = await app.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal("Hello with pictures", status.Text);
        Assert.Null(status.EditedAt);
        Assert.Equal(0, await app.DbAsync(db => db.StatusEdits.CountAsync(e => e.StatusId == id)));
        var uploads = await app.DbAsync(db => db.MediaAttachments.AsNoTracking().Where(m => m.AccountId == world.Id("carol")).ToListAsync());
        var kept = Assert.Single(uploads);
        Assert.Equal((media[0], id, "As it was"), (kept.Id, kept.StatusId, kept.Description));
        Assert.Equal(storedBefore, StoredFiles(app).Order().ToList());
    }

    /// <summary>Posts pictures through the compose form, one per alt text; returns the post's id and its files' ids in order.</summary>
    private static async Task<(long Id, List<long> Media)> PostWithPicturesAsync(TestInstance app, WebSession web, params string[] alts)
    {
        var home = await web.GetAsync("/");
        var posted = await web.PostMultipartWithTokenAsync("/compose", home.AntiforgeryToken,
            [("Text", "Hello with pictures"), ("Visibility", "Public"), ("ReturnUrl", "/"),
             .. alts.Select((alt, i) => ($"Media[{i}].Description", alt))],
            [.. alts.Select((_, i) => ($"Media[{i}].File", $"picture{i}.jpg", PictureBytes(320 + i * 10, 240)))]);
        Assert.Equal("/", posted.Location);
        return await app.DbAsync(async db =>
        {
            var id = await db.Statuses.Where(s => s.Text == "Hello with pictures").Select(s => s.Id).SingleAsync();
            var media = await db.MediaAttachments.Where(m => m.StatusId == id).OrderBy(m => m.Position).Select(m => m.Id).ToListAsync();
            Assert.Equal(alts.Length, media.Count);
            return (id, media);
        });
    }

    public sealed class Sqlite() : EditMediaTests(TestDatabase.Sqlite);

    public sealed class Postgres() : EditMediaTests(TestDatabase.Postgres);
}
