using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>Polls posted with a status, voted on, ended by a job that tells voters and author, and edited.</summary>
public abstract class PollsApiTests(TestDatabase database) : StatusApiTest(database)
{
    private static (string, string?)[] PollFields(string text, int expiresIn, params string[] options) =>
        [("status", text), ("poll[expires_in]", expiresIn.ToString()), .. options.Select(o => ("poll[options][]", (string?)o))];

    private static IEnumerable<int?> Tallies(JsonElement poll) =>
        poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes_count").ValueKind == JsonValueKind.Null ? (int?)null : o.GetProperty("votes_count").GetInt32());

    [Fact]
    public async Task A_poll_is_posted_voted_on_and_shown_to_each_viewer()
    {
        using var s = await StartSessionAsync(fakeTime: true);

        var status = await PostStatusAsync(s.Client, s.Alice, PollFields("Tea or coffee?", 3600, "Tea", "Coffee", "Neither"));
        var pollId = Id(status.GetProperty("poll"));
        GoldenJson.AssertMatches(status.GetProperty("poll").GetRawText(), "Poll.own.json", [TestInstance.Domain]);

        var voted = await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{pollId}/votes", s.Bob, content: ApiClient.Form(("choices[]", "1")));
        GoldenJson.AssertMatches(voted.GetRawText(), "Poll.voted.json", [TestInstance.Domain]);
        await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{pollId}/votes", s.Carol, content: ApiClient.Json(new { choices = new[] { 1 } }));

        var anonymous = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/polls/{pollId}", null);
        Assert.Equal([0, 2, 0], Tallies(anonymous));
        Assert.Equal(2, anonymous.GetProperty("votes_count").GetInt32());
        Assert.False(anonymous.TryGetProperty("voted", out _));
        var fromStatus = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}", s.Bob);
        Assert.Equal([1], fromStatus.GetProperty("poll").GetProperty("own_votes").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Votes_are_refused_when_they_break_the_rules()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var single = Id((await PostStatusAsync(s.Client, s.Alice, PollFields("One?", 600, "a", "b"))).GetProperty("poll"));
        var multiple = Id((await PostStatusAsync(s.Client, s.Alice, [.. PollFields("Many?", 600, "a", "b", "c"), ("poll[multiple]", "true")])).GetProperty("poll"));

        async Task RefusedAsync(string poll, string token, HttpStatusCode code, params string[] choices) =>
            await AssertErrorAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{poll}/votes", token, code, ApiClient.Form([.. choices.Select(c => ("choices[]", (string?)c))]));

        await RefusedAsync(single, s.Bob, HttpStatusCode.UnprocessableEntity, "0", "1");
        await RefusedAsync(single, s.Bob, HttpStatusCode.UnprocessableEntity, "7");
        await RefusedAsync(single, s.Bob, HttpStatusCode.UnprocessableEntity);
        await RefusedAsync(single, s.Alice, HttpStatusCode.UnprocessableEntity, "0");
        await RefusedAsync("123456", s.Bob, HttpStatusCode.NotFound, "0");

        var both = await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{multiple}/votes", s.Bob, content: ApiClient.Form(("choices[]", "0"), ("choices[]", "2")));
        Assert.Equal([1, 0, 1], Tallies(both));
        Assert.Equal((2, 1), (both.GetProperty("votes_count").GetInt32(), both.GetProperty("voters_count").GetInt32()));
        await RefusedAsync(multiple, s.Bob, HttpStatusCode.UnprocessableEntity, "1");

        s.App.AdvanceTime(TimeSpan.FromMinutes(11));
        await RefusedAsync(single, s.Carol, HttpStatusCode.UnprocessableEntity, "0");
        Assert.Equal(2, await s.App.DbAsync(db => db.PollVotes.CountAsync()));
    }

    [Theory]
    [InlineData(1, 600)]
    [InlineData(5, 600)]
    [InlineData(100, 600)]
    [InlineData(2, 60)]
    [InlineData(2, 3_000_000)]
    public async Task Polls_outside_the_limits_are_refused(int options, int expiresIn)
    {
        using var s = await StartSessionAsync();

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(PollFields("Bad poll", expiresIn, [.. Enumerable.Range(1, options).Select(n => $"option {n}")])));

        Assert.Equal(0, await s.App.DbAsync(db => db.Polls.CountAsync()));
    }

    [Fact]
    public async Task A_long_option_or_a_missing_expiry_is_refused()
    {
        using var s = await StartSessionAsync();

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(PollFields("Long", 600, "short", new string('x', 51))));
        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(("status", "No end"), ("poll[options][]", "a"), ("poll[options][]", "b")));
    }

    [Fact]
    public async Task Hidden_totals_show_when_the_poll_ends_and_voters_and_author_are_told()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var status = await PostStatusAsync(s.Client, s.Alice, [.. PollFields("Secret ballot", 300, "yes", "no"), ("poll[hide_totals]", "1")]);
        var pollId = Id(status.GetProperty("poll"));
        var voted = await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{pollId}/votes", s.Bob, content: ApiClient.Form(("choices[]", "0")));
        Assert.Equal([null, null], Tallies(voted));
        await s.App.DrainJobsAsync();
        Assert.Equal(0, await s.App.DbAsync(db => db.Notifications.CountAsync(n => n.Type == NotificationType.Poll)));

        s.App.AdvanceTime(TimeSpan.FromMinutes(6));
        await s.App.DrainJobsAsync();

        var ended = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/polls/{pollId}", s.Carol);
        Assert.True(ended.GetProperty("expired").GetBoolean());
        Assert.Equal([1, 0], Tallies(ended));
        var told = await s.App.DbAsync(db => db.Notifications.Where(n => n.Type == NotificationType.Poll).Select(n => n.AccountId).OrderBy(id => id).ToListAsync());
        Assert.Equal(new[] { s.World.Id("alice"), s.World.Id("bob") }.Order(), told);
    }

    [Fact]
    public async Task Editing_the_options_clears_the_votes_and_the_history_keeps_each_version()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var status = await PostStatusAsync(s.Client, s.Alice, PollFields("Pick", 3600, "red", "blue"));
        var pollId = Id(status.GetProperty("poll"));
        await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/polls/{pollId}/votes", s.Bob, content: ApiClient.Form(("choices[]", "0")));

        var same = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice, content: ApiClient.Form(PollFields("Pick one", 3600, "red", "blue")));
        Assert.Equal([1, 0], Tallies(same.GetProperty("poll")));
        var changed = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice, content: ApiClient.Form(PollFields("Pick one", 3600, "red", "green")));
        Assert.Equal([0, 0], Tallies(changed.GetProperty("poll")));
        Assert.Equal(pollId, Id(changed.GetProperty("poll")));

        var history = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}/history", s.Bob);
        Assert.Equal(["red,blue", "red,blue", "red,green"], history.EnumerateArray()
            .Select(v => string.Join(",", v.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("title").GetString()))));
        var removed = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice, content: ApiClient.Form(("status", "No poll now")));
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("poll").ValueKind);
        Assert.Equal(0, await s.App.DbAsync(db => db.Polls.CountAsync()));
    }

    public sealed class Sqlite() : PollsApiTests(TestDatabase.Sqlite);
    public sealed class Postgres() : PollsApiTests(TestDatabase.Postgres);
}
