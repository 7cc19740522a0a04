using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Tests.Infrastructure.MediaProcessing;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>
/// Uploads attached to posts with <c>media_ids[]</c>: on posting, editing and scheduling, in the order given; the
/// refusals Mastodon makes (someone else's upload, one already used, a fifth file, files beside a poll); and the
/// <c>only_media</c> timelines that find them.
/// </summary>
public abstract class StatusMediaApiTests(TestDatabase database) : StatusApiTest(database)
{
    private static async Task<string> UploadAsync(ApiClient client, string token, string description = "A square")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestMedia.Png(64, 48));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "square.png");
        form.Add(new StringContent(description), "description");
        using var response = await client.SendAsync(HttpMethod.Post, "/api/v2/media", token, form);
        return Id(await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK));
    }

    private static string[] MediaIds(JsonElement status) =>
        status.GetProperty("media_attachments").EnumerateArray().Select(Id).ToArray();

    [Fact]
    public async Task A_post_carries_its_uploads_in_the_order_given_and_may_have_no_text()
    {
        using var s = await StartSessionAsync();
        var first = await UploadAsync(s.Client, s.Alice, "first");
        var second = await UploadAsync(s.Client, s.Alice, "second");

        var status = await PostStatusAsync(s.Client, s.Alice, ("status", ""), ("media_ids[]", second), ("media_ids[]", first));

        Assert.Equal([second, first], MediaIds(status));
        Assert.Equal(["second", "first"], status.GetProperty("media_attachments").EnumerateArray().Select(m => m.GetProperty("description").GetString()));
        var read = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}", s.Bob);
        Assert.Equal([second, first], MediaIds(read));
        // An attached upload can no longer be deleted on its own.
        await AssertErrorAsync(s.Client, HttpMethod.Delete, $"/api/v1/media/{first}", s.Alice, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Uploads_that_are_not_the_authors_to_give_are_refused_and_nothing_is_posted()
    {
        using var s = await StartSessionAsync();
        var bobs = await UploadAsync(s.Client, s.Bob);
        var used = await UploadAsync(s.Client, s.Alice);
        await PostStatusAsync(s.Client, s.Alice, ("status", "First use"), ("media_ids[]", used));
        var five = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            five.Add(await UploadAsync(s.Client, s.Alice));
        }
        var fresh = await UploadAsync(s.Client, s.Alice);
        var before = await s.App.DbAsync(db => db.Statuses.CountAsync());

        foreach (var fields in new[]
                 {
                     new[] { ("status", (string?)"Not mine"), ("media_ids[]", bobs) },
                     [("status", "Again"), ("media_ids[]", used)],
                     [("status", "Too many"), .. five.Select(id => ("media_ids[]", (string?)id))],
                     [("status", "A poll too"), ("media_ids[]", fresh), ("poll[options][]", "yes"), ("poll[options][]", "no"), ("poll[expires_in]", "3600")],
                     [("status", "Not an id"), ("media_ids[]", "abc")],
                 })
        {
            using var response = await s.Client.SendAsync(HttpMethod.Post, "/api/v1/statuses", s.Alice, ApiClient.Form(fields));
            await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        }

        Assert.Equal(before, await s.App.DbAsync(db => db.Statuses.CountAsync()));
        Assert.Equal(0, await s.App.DbAsync(db => db.MediaAttachments.CountAsync(m => m.StatusId != null && m.Id.ToString() != used)));
    }

    [Fact]
    public async Task An_edit_sets_the_files_to_its_media_ids_and_lets_go_of_the_others()
    {
        using var s = await StartSessionAsync();
        var kept = await UploadAsync(s.Client, s.Alice);
        var dropped = await UploadAsync(s.Client, s.Alice);
        var added = await UploadAsync(s.Client, s.Alice);
        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "Two pictures"), ("media_ids[]", kept), ("media_ids[]", dropped));

        var edited = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice,
            content: ApiClient.Form(("status", "Two other pictures"), ("media_ids[]", added), ("media_ids[]", kept)));

        Assert.Equal([added, kept], MediaIds(edited));
        var droppedRow = await s.App.DbAsync(db => db.MediaAttachments.AsNoTracking().SingleAsync(m => m.Id == long.Parse(dropped)));
        Assert.Null(droppedRow.StatusId);
        // As on Mastodon, an edit without media_ids leaves the post without files.
        var bare = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice, content: ApiClient.Form(("status", "No pictures")));
        Assert.Empty(MediaIds(bare));
    }

    [Fact]
    public async Task An_edit_changes_the_alt_text_and_focal_points_of_kept_files_with_media_attributes()
    {
        using var s = await StartSessionAsync();
        var first = await UploadAsync(s.Client, s.Alice);
        var second = await UploadAsync(s.Client, s.Alice);
        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "Two pictures"), ("media_ids[]", first), ("media_ids[]", second));

        var edited = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice,
            content: ApiClient.Form(("status", "Two described pictures"), ("media_ids[]", first), ("media_ids[]", second),
                ("media_attributes[][id]", first), ("media_attributes[][description]", "A heron"), ("media_attributes[][focus]", "0.5,-0.25"),
                ("media_attributes[][id]", second), ("media_attributes[][description]", "A pond")));

        var files = edited.GetProperty("media_attachments").EnumerateArray().ToList();
        Assert.Equal(["A heron", "A pond"], files.Select(f => f.GetProperty("description").GetString()));
        var focus = files[0].GetProperty("meta").GetProperty("focus");
        Assert.Equal((0.5, -0.25), (focus.GetProperty("x").GetDouble(), focus.GetProperty("y").GetDouble()));
        var missingId = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice,
            content: ApiClient.Form(("status", "Again"), ("media_ids[]", first), ("media_attributes[][description]", "Nobody's")),
            expected: System.Net.HttpStatusCode.UnprocessableEntity);
        Assert.Contains("media_attributes", missingId.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Deleting_a_post_gives_its_uploads_back_for_a_redraft()
    {
        using var s = await StartSessionAsync();
        var upload = await UploadAsync(s.Client, s.Alice);
        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "Oops"), ("media_ids[]", upload));

        var deleted = await CallAsync(s.Client, HttpMethod.Delete, $"/api/v1/statuses/{Id(status)}", s.Alice);
        Assert.Equal([upload], MediaIds(deleted));
        var redraft = await PostStatusAsync(s.Client, s.Alice, ("status", "Fixed"), ("media_ids[]", upload));

        Assert.Equal([upload], MediaIds(redraft));
    }

    [Fact]
    public async Task Only_media_timelines_show_the_posts_with_files()
    {
        using var s = await StartSessionAsync();
        var upload = await UploadAsync(s.Client, s.Alice);
        var withMedia = Id(await PostStatusAsync(s.Client, s.Alice, ("status", "A picture #gallery"), ("media_ids[]", upload)));
        var without = Id(await PostStatusAsync(s.Client, s.Alice, ("status", "Just words #gallery")));
        await s.App.DrainJobsAsync();

        foreach (var path in new[] { "/api/v1/timelines/public?only_media=true", "/api/v1/timelines/public?local=true&only_media=true",
                     "/api/v1/timelines/tag/gallery?only_media=true", $"/api/v1/accounts/{s.World.Id("alice")}/statuses?only_media=true" })
        {
            var ids = (await CallAsync(s.Client, HttpMethod.Get, path, s.Bob)).EnumerateArray().Select(Id).ToList();
            Assert.Contains(withMedia, ids);
            Assert.DoesNotContain(without, ids);
        }
        var all = (await CallAsync(s.Client, HttpMethod.Get, "/api/v1/timelines/tag/gallery", s.Bob)).EnumerateArray().Select(Id).ToList();
        Assert.Contains(without, all);
    }

    [Fact]
    public async Task A_scheduled_post_keeps_its_media_ids_and_attaches_them_when_it_goes_out()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var upload = await UploadAsync(s.Client, s.Alice);
        var at = s.App.Clock!.GetUtcNow().AddHours(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

        var scheduled = await CallAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, content: ApiClient.Form(
            ("status", "Later, with a picture"), ("media_ids[]", upload), ("scheduled_at", at)));
        Assert.Equal([upload], scheduled.GetProperty("params").GetProperty("media_ids").EnumerateArray().Select(i => i.GetString()));

        s.App.AdvanceTime(TimeSpan.FromHours(2));
        await s.App.DrainJobsAsync();
        var posted = await s.App.DbAsync(db => db.Statuses.AsNoTracking().Include(x => x.MediaAttachments).SingleAsync(x => x.Text == "Later, with a picture"));
        Assert.Equal([long.Parse(upload)], posted.MediaAttachments.Select(m => m.Id));
    }

    public sealed class Sqlite() : StatusMediaApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StatusMediaApiTests(TestDatabase.Postgres);
}
