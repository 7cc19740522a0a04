using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using static Starling.Server.Tests.Web.ComposeMediaTests;

namespace Starling.Server.Tests.Web;

/// <summary>A profile's picture and header, chosen, replaced and removed on the settings page without JavaScript, and shown beside the account's posts.</summary>
public abstract class ProfilePicturesTests(TestDatabase database) : IntegrationTest(database)
{
    private static readonly (string Name, string Value)[] Text = [("DisplayName", "Reed watcher"), ("Note", "Reed beds and rivers"), ("Locked", "false")];

    [Fact]
    public async Task A_picture_and_a_header_chosen_on_the_settings_page_are_kept_cropped_and_shown_on_the_profile_and_beside_posts()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("alice");
        var form = await web.GetAsync("/settings/profile");
        Assert.Contains("enctype=\"multipart/form-data\"", form.Html);
        Assert.DoesNotContain("RemoveAvatar", form.Html);

        var saved = await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, Text,
            [("Avatar", "me.jpg", PictureBytes(1000, 500)), ("Header", "reeds.jpg", PictureBytes(1600, 900))]);

        Assert.Equal("/settings/profile", saved.Location);
        var alice = await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == world.Id("alice")));
        Assert.Equal(("Reed watcher", "Reed beds and rivers"), (alice.DisplayName, alice.Note));
        var avatarUrl = $"https://starling.test/system/accounts/avatars/{alice.Id}/original/{Path.GetFileName(alice.AvatarFilePath)}";
        var headerUrl = $"https://starling.test/system/accounts/headers/{alice.Id}/original/{Path.GetFileName(alice.HeaderFilePath)}";
        Assert.Equal((400, 400), await SizeAsync(web, avatarUrl));
        Assert.Equal((1500, 500), await SizeAsync(web, headerUrl));

        var again = await web.FollowAsync(saved);
        Assert.Equal("Your profile is saved.", again.Notice);
        Assert.Contains($"<img class=\"picture-current avatar-current\" src=\"{avatarUrl}\" alt=\"Your profile picture now\"", again.Html);
        Assert.Contains($"<img class=\"picture-current header-current\" src=\"{headerUrl}\" alt=\"Your header picture now\"", again.Html);
        Assert.Contains("<input type=\"checkbox\" name=\"RemoveAvatar\" value=\"true\"> Remove the profile picture</label>", again.Html);
        var profile = await web.GetAsync("/@alice");
        Assert.Contains($"<img class=\"profile-banner\" src=\"{headerUrl}\" alt=\"\"", profile.Html);
        Assert.Contains($"<span class=\"av av-", profile.Html);
        Assert.Contains($"av-large\" aria-hidden=\"true\"><img src=\"{avatarUrl}\" alt=\"\" width=\"96\" height=\"96\"", profile.Html);
        // Beside her posts on a timeline too, while someone without a picture keeps the initial.
        var local = await web.GetAsync("/public/local");
        Assert.Matches($"<a href=\"/@alice\" tabindex=\"-1\" class=\"av av-\\d\" aria-hidden=\"true\"><img src=\"{Regex.Escape(avatarUrl)}\" alt=\"\" width=\"46\" height=\"46\" loading=\"lazy\"", local.Html);
        Assert.Matches("<a href=\"/@dave\" tabindex=\"-1\" class=\"av av-\\d\" aria-hidden=\"true\">D</a>", local.Html);
    }

    [Fact]
    public async Task A_new_picture_replaces_the_old_file_and_removing_it_brings_back_the_initial()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var form = await web.GetAsync("/settings/profile");
        await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, Text, [("Avatar", "first.jpg", PictureBytes(500, 500))]);
        var first = await AvatarPathAsync(app, world.Id("carol"));

        await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, Text, [("Avatar", "second.jpg", PictureBytes(450, 450))]);

        var second = await AvatarPathAsync(app, world.Id("carol"));
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal([Path.GetFileName(second!)], StoredFiles(app).Select(f => Path.GetFileName(f)));

        var removed = await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, [.. Text, ("RemoveAvatar", "true")], [("Avatar", "", [])]);

        Assert.Equal("/settings/profile", removed.Location);
        Assert.Null(await AvatarPathAsync(app, world.Id("carol")));
        Assert.Empty(StoredFiles(app));
        Assert.Matches("<span class=\"av av-\\d av-large\" aria-hidden=\"true\">R</span>", (await web.GetAsync("/@carol")).Html);
    }

    [Fact]
    public async Task A_file_that_is_not_a_picture_is_refused_readably_and_nothing_changes()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var web = new WebSession(app);
        await web.SignInAsync("carol");
        var form = await web.GetAsync("/settings/profile");
        await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, Text, [("Avatar", "first.jpg", PictureBytes(500, 500))]);
        var kept = await AvatarPathAsync(app, world.Id("carol"));

        var refused = await web.PostMultipartWithTokenAsync("/settings/profile", form.AntiforgeryToken, [("DisplayName", "Not saved"), ("Note", ""), ("Locked", "false")],
            [("Avatar", "new.jpg", PictureBytes(300, 300)), ("Header", "header.jpg", "not a picture at all"u8.ToArray())]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.NotNull(refused.Alert);
        Assert.Contains("id=\"header\" name=\"Header\"", refused.Html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"header-hint\"", refused.Html);
        // What was typed is kept for another try.
        Assert.Contains("value=\"Not saved\"", refused.Html);
        var carol = await app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == world.Id("carol")));
        Assert.Equal("Reed watcher", carol.DisplayName);
        Assert.Equal(kept, carol.AvatarFilePath);
        Assert.Null(carol.HeaderFilePath);
        Assert.Equal([Path.GetFileName(kept!)], StoredFiles(app).Select(f => Path.GetFileName(f)));
    }

    private static Task<string?> AvatarPathAsync(TestInstance app, long accountId) =>
        app.DbAsync(db => db.Accounts.Where(a => a.Id == accountId).Select(a => a.AvatarFilePath).SingleAsync());

    private static async Task<(int Width, int Height)> SizeAsync(WebSession web, string url)
    {
        var bytes = await web.GetBytesAsync(url.Replace("https://starling.test", ""));
        using var picture = SKBitmap.Decode(bytes);
        return (picture.Width, picture.Height);
    }

    public sealed class Sqlite() : ProfilePicturesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ProfilePicturesTests(TestDatabase.Postgres);
}
