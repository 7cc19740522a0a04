using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>Posts with scheduled_at wait as scheduled statuses, can be listed, moved and cancelled, and a job publishes them.</summary>
public abstract class ScheduledStatusesApiTests(TestDatabase database) : StatusApiTest(database)
{
    private static string At(TestInstance app, TimeSpan ahead) =>
        (app.Clock!.GetUtcNow() + ahead).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_post_for_later_waits_and_is_published_when_due()
    {
        using var s = await StartSessionAsync(fakeTime: true);

        var scheduled = await PostStatusAsync(s.Client, s.Alice, ("status", "From the past, to the future"), ("scheduled_at", At(s.App, TimeSpan.FromHours(1))),
            ("poll[options][]", "yes"), ("poll[options][]", "no"), ("poll[expires_in]", "3600"), ("visibility", "unlisted"));

        GoldenJson.AssertMatches(scheduled.GetRawText(), "ScheduledStatus.json", [TestInstance.Domain]);
        Assert.Equal(0, await s.App.DbAsync(db => db.Statuses.CountAsync(x => x.Text.StartsWith("From the past"))));
        var listed = await CallAsync(s.Client, HttpMethod.Get, "/api/v1/scheduled_statuses", s.Alice);
        Assert.Equal([Id(scheduled)], listed.EnumerateArray().Select(Id));
        Assert.Empty((await CallAsync(s.Client, HttpMethod.Get, "/api/v1/scheduled_statuses", s.Bob)).EnumerateArray());
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/scheduled_statuses/{Id(scheduled)}", s.Bob, HttpStatusCode.NotFound);

        s.App.AdvanceTime(TimeSpan.FromMinutes(59));
        await s.App.DrainJobsAsync();
        Assert.Equal(0, await s.App.DbAsync(db => db.Statuses.CountAsync(x => x.Text.StartsWith("From the past"))));
        s.App.AdvanceTime(TimeSpan.FromMinutes(2));
        await s.App.DrainJobsAsync();

        var published = await s.App.DbAsync(db => db.Statuses.Include(x => x.Poll).SingleAsync(x => x.Text.StartsWith("From the past")));
        Assert.Equal(Starling.Server.Data.Entities.Visibility.Unlisted, published.Visibility);
        Assert.Equal(["yes", "no"], published.Poll!.Options);
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/scheduled_statuses/{Id(scheduled)}", s.Alice, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_scheduled_post_is_moved_or_cancelled()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var moved = await PostStatusAsync(s.Client, s.Alice, ("status", "Moved"), ("scheduled_at", At(s.App, TimeSpan.FromMinutes(10))));
        var cancelled = await PostStatusAsync(s.Client, s.Alice, ("status", "Cancelled"), ("scheduled_at", At(s.App, TimeSpan.FromMinutes(10))));

        var put = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/scheduled_statuses/{Id(moved)}", s.Alice, content: ApiClient.Form(("scheduled_at", At(s.App, TimeSpan.FromHours(2)))));
        Assert.Equal(At(s.App, TimeSpan.FromHours(2)), put.GetProperty("scheduled_at").GetString());
        var deleted = await CallAsync(s.Client, HttpMethod.Delete, $"/api/v1/scheduled_statuses/{Id(cancelled)}", s.Alice);
        Assert.Empty(deleted.EnumerateObject());
        await AssertErrorAsync(s.Client, HttpMethod.Put, $"/api/v1/scheduled_statuses/{Id(moved)}", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(("scheduled_at", At(s.App, TimeSpan.FromMinutes(1)))));
        await AssertErrorAsync(s.Client, HttpMethod.Delete, $"/api/v1/scheduled_statuses/{Id(moved)}", s.Bob, HttpStatusCode.NotFound);

        s.App.AdvanceTime(TimeSpan.FromMinutes(30));
        await s.App.DrainJobsAsync();

        Assert.Equal(0, await s.App.DbAsync(db => db.Statuses.CountAsync(x => x.Text == "Moved" || x.Text == "Cancelled")));
        Assert.Equal([Id(moved)], (await CallAsync(s.Client, HttpMethod.Get, "/api/v1/scheduled_statuses", s.Alice)).EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task Too_soon_is_refused_and_a_past_time_posts_at_once()
    {
        using var s = await StartSessionAsync(fakeTime: true);

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(("status", "Soon"), ("scheduled_at", At(s.App, TimeSpan.FromMinutes(4)))));
        var now = await PostStatusAsync(s.Client, s.Alice, ("status", "Already due"), ("scheduled_at", At(s.App, TimeSpan.FromMinutes(-1))));

        Assert.Equal("<p>Already due</p>", now.GetProperty("content").GetString());
        Assert.Equal(0, await s.App.DbAsync(db => db.ScheduledStatuses.CountAsync()));
    }

    [Fact]
    public async Task Scheduled_posts_page_and_a_repeated_key_schedules_once()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var ids = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses")
            {
                Content = ApiClient.Form(("status", $"Later {n}"), ("scheduled_at", At(s.App, TimeSpan.FromHours(n + 1)))),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.Alice);
            request.Headers.Add("Idempotency-Key", n == 2 ? "repeat" : $"key-{n}");
            using var response = await s.Client.Http.SendAsync(request);
            ids.Add(Id(await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK)));
        }
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = ApiClient.Form(("status", "Later again"), ("scheduled_at", At(s.App, TimeSpan.FromHours(9)))) };
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.Alice);
        again.Headers.Add("Idempotency-Key", "repeat");
        using (var response = await s.Client.Http.SendAsync(again))
        {
            Assert.Equal(ids[2], Id(await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK)));
        }

        using var first = await s.Client.GetAsync("/api/v1/scheduled_statuses?limit=2", s.Alice);
        var page = await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK);
        Assert.Equal([ids[2], ids[1]], page.EnumerateArray().Select(Id));
        Assert.Contains($"max_id={ids[1]}", first.Headers.GetValues("Link").Single());
        Assert.Equal(3, await s.App.DbAsync(db => db.ScheduledStatuses.CountAsync()));
    }

    public sealed class Sqlite() : ScheduledStatusesApiTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ScheduledStatusesApiTests(TestDatabase.Postgres);
}
