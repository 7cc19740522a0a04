using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>Posting, reading, editing and deleting through /api/v1/statuses, and every refusal the issue names.</summary>
public abstract class StatusesApiTests(TestDatabase database) : StatusApiTest(database)
{
    [Fact]
    public async Task Posting_answers_with_the_status_as_its_author_sees_it()
    {
        using var s = await StartSessionAsync();

        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "Hello #api @bob"), ("spoiler_text", "A warning"), ("visibility", "unlisted"),
            ("language", "en"), ("media_ids[]", ""));

        GoldenJson.AssertMatches(status.GetRawText(), "Create.json", [TestInstance.Domain]);
        var read = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}", s.Bob);
        Assert.Equal("A warning", read.GetProperty("spoiler_text").GetString());
        Assert.True(read.GetProperty("sensitive").GetBoolean());
        Assert.Equal("unlisted", read.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task A_json_body_and_a_reply_work_as_a_form_does()
    {
        using var s = await StartSessionAsync();
        var parent = s.World.Status("alice_public").Id.ToString();

        var reply = await CallAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Bob, content: ApiClient.Json(new
        {
            status = "@alice a reply in JSON",
            in_reply_to_id = parent,
            sensitive = true,
            media_ids = Array.Empty<string>(),
        }));

        Assert.Equal(parent, reply.GetProperty("in_reply_to_id").GetString());
        Assert.Equal(s.World.Id("alice").ToString(), reply.GetProperty("in_reply_to_account_id").GetString());
        Assert.True(reply.GetProperty("sensitive").GetBoolean());
        var context = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{parent}/context", null);
        Assert.Contains(Id(reply), context.GetProperty("descendants").EnumerateArray().Select(Id));
        Assert.Empty(context.GetProperty("ancestors").EnumerateArray());
    }

    [Fact]
    public async Task Anyone_reads_public_posts_but_only_the_audience_reads_the_others()
    {
        using var s = await StartSessionAsync();
        var followersOnly = s.World.Status("alice_followers").Id;

        var anonymous = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{s.World.Status("alice_public").Id}", null);
        Assert.False(anonymous.TryGetProperty("favourited", out _));
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{followersOnly}", null, HttpStatusCode.NotFound);
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{followersOnly}", await s.Client.UserTokenAsync("erin"), HttpStatusCode.NotFound);
        Assert.Equal(followersOnly.ToString(), Id(await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{followersOnly}", s.Bob)));
        await AssertErrorAsync(s.Client, HttpMethod.Get, "/api/v1/statuses/999999999", s.Bob, HttpStatusCode.NotFound);
        await AssertErrorAsync(s.Client, HttpMethod.Get, "/api/v1/statuses/not-an-id", s.Bob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_answers_with_the_text_for_redrafting_and_the_post_is_gone()
    {
        using var s = await StartSessionAsync();
        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "Delete me, #soon"), ("spoiler_text", "cw"));

        var deleted = await CallAsync(s.Client, HttpMethod.Delete, $"/api/v1/statuses/{Id(status)}", s.Alice);

        Assert.Equal("Delete me, #soon", deleted.GetProperty("text").GetString());
        Assert.False(deleted.TryGetProperty("content", out _));
        Assert.Equal("cw", deleted.GetProperty("spoiler_text").GetString());
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}", s.Alice, HttpStatusCode.NotFound);
        await AssertErrorAsync(s.Client, HttpMethod.Delete, $"/api/v1/statuses/{Id(status)}", s.Alice, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editing_keeps_history_and_source()
    {
        using var s = await StartSessionAsync(fakeTime: true);
        var status = await PostStatusAsync(s.Client, s.Alice, ("status", "First words"), ("language", "en"));
        s.App.AdvanceTime(TimeSpan.FromMinutes(1));

        var edited = await CallAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{Id(status)}", s.Alice,
            content: ApiClient.Json(new { status = "Second words", spoiler_text = "now with a warning", language = "de" }));

        Assert.Equal("<p>Second words</p>", edited.GetProperty("content").GetString());
        Assert.Equal("de", edited.GetProperty("language").GetString());
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("edited_at").ValueKind);
        var history = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}/history", null);
        GoldenJson.AssertMatches(history.GetRawText(), "History.json", [TestInstance.Domain]);
        var source = await CallAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{Id(status)}/source", s.Alice);
        Assert.Equal(("Second words", "now with a warning"), (source.GetProperty("text").GetString(), source.GetProperty("spoiler_text").GetString()));
    }

    [Fact]
    public async Task Another_users_post_cannot_be_edited_or_deleted()
    {
        using var s = await StartSessionAsync();
        var alicePost = s.World.Status("alice_public").Id;

        await AssertErrorAsync(s.Client, HttpMethod.Delete, $"/api/v1/statuses/{alicePost}", s.Bob, HttpStatusCode.Forbidden);
        await AssertErrorAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{alicePost}", s.Bob, HttpStatusCode.Forbidden, ApiClient.Form(("status", "mine now")));
        // Not visible to the caller at all: not found, as Mastodon answers.
        await AssertErrorAsync(s.Client, HttpMethod.Delete, $"/api/v1/statuses/{s.World.Status("alice_followers").Id}", await s.Client.UserTokenAsync("erin"), HttpStatusCode.NotFound);
        var stored = await s.App.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(x => x.Id == alicePost));
        Assert.Equal("Hello from #starling, world!", stored.Text);
    }

    [Theory]
    [InlineData("status", "", "Write something")]
    [InlineData("visibility", "everyone", "Visibility")]
    [InlineData("media_ids[]", "12345", "12345 not found")]
    [InlineData("in_reply_to_id", "abc", "in_reply_to_id")]
    [InlineData("scheduled_at", "tomorrow-ish", "scheduled_at")]
    [InlineData("language", "not a language", "ISO 639")]
    public async Task Bad_input_is_refused_with_422_and_nothing_is_posted(string field, string value, string message)
    {
        using var s = await StartSessionAsync();
        var before = await s.App.DbAsync(db => db.Statuses.CountAsync());
        var fields = field == "status" ? new[] { (field, (string?)value) } : [("status", "Hello"), (field, value)];

        using var response = await s.Client.SendAsync(HttpMethod.Post, "/api/v1/statuses", s.Alice, ApiClient.Form(fields));

        var json = await ApiClient.ReadJsonAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(message, json.GetProperty("error").GetString());
        Assert.Equal(before, await s.App.DbAsync(db => db.Statuses.CountAsync()));
    }

    [Fact]
    public async Task An_over_long_status_is_refused()
    {
        using var s = await StartSessionAsync();

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.UnprocessableEntity, ApiClient.Form(("status", new string('a', 501))));
        await AssertErrorAsync(s.Client, HttpMethod.Put, $"/api/v1/statuses/{s.World.Status("alice_public").Id}", s.Alice, HttpStatusCode.UnprocessableEntity,
            ApiClient.Form(("status", new string('a', 501))));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_and_tokens_and_scopes_are_checked()
    {
        using var s = await StartSessionAsync();
        var broken = new StringContent("{\"status\": ", Encoding.UTF8, "application/json");

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", s.Alice, HttpStatusCode.BadRequest, broken);
        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", null, HttpStatusCode.Unauthorized, ApiClient.Form(("status", "hi")));
        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", "not-a-token", HttpStatusCode.Unauthorized, ApiClient.Form(("status", "hi")));
        var readOnly = await s.Client.UserTokenAsync("alice", "read");
        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses", readOnly, HttpStatusCode.Forbidden, ApiClient.Form(("status", "hi")));
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{s.World.Status("alice_public").Id}/source", null, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_status()
    {
        using var s = await StartSessionAsync();

        async Task<JsonElement> PostWithKeyAsync(string token, string key, string text)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = ApiClient.Form(("status", text)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await s.Client.Http.SendAsync(request);
            return await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK);
        }

        var first = await PostWithKeyAsync(s.Alice, "key-1", "Once only");
        var again = await PostWithKeyAsync(s.Alice, "key-1", "Once only, retried");
        var otherKey = await PostWithKeyAsync(s.Alice, "key-2", "Another post");
        var otherAccount = await PostWithKeyAsync(s.Bob, "key-1", "Bob's own");

        Assert.Equal(Id(first), Id(again));
        Assert.Equal("<p>Once only</p>", again.GetProperty("content").GetString());
        Assert.NotEqual(Id(first), Id(otherKey));
        Assert.NotEqual(Id(first), Id(otherAccount));
        Assert.Equal(1, await s.App.DbAsync(db => db.Statuses.CountAsync(x => x.Text.StartsWith("Once only"))));
    }

    [Fact]
    public async Task An_idempotency_key_is_forgotten_after_an_hour()
    {
        using var s = await StartSessionAsync(fakeTime: true);

        async Task<string> PostWithKeyAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = ApiClient.Form(("status", "Hourly")) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.Alice);
            request.Headers.Add("Idempotency-Key", "same");
            using var response = await s.Client.Http.SendAsync(request);
            return Id(await ApiClient.ReadJsonAsync(response, HttpStatusCode.OK));
        }

        var first = await PostWithKeyAsync();
        s.App.AdvanceTime(TimeSpan.FromMinutes(61));
        var later = await PostWithKeyAsync();

        Assert.NotEqual(first, later);
        Assert.Equal(1, await s.App.DbAsync(db => db.IdempotencyKeys.CountAsync()));
    }

    public sealed class Sqlite() : StatusesApiTests(TestDatabase.Sqlite);
    public sealed class Postgres() : StatusesApiTests(TestDatabase.Postgres);
}
