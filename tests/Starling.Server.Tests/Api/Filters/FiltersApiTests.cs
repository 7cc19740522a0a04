using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Filters;

/// <summary>Filters v2 over HTTP: filters, keywords and statuses, their JSON, and every refusal.</summary>
public abstract class FiltersApiTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> SendAsync(ApiClient client, HttpMethod method, string path, string token, HttpContent? content = null,
        HttpStatusCode expected = HttpStatusCode.OK) =>
        await ApiClient.ReadJsonAsync(await client.SendAsync(method, path, token, content), expected);

    private static FormUrlEncodedContent Form(params (string Name, string? Value)[] fields) => ApiClient.Form(fields);

    private static string Id(JsonElement json) => json.GetProperty("id").GetString()!;

    private async Task<(TestInstance App, World World, ApiClient Client, string Token)> StartWithBobAsync(string scopes = "read write")
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        var client = new ApiClient(app);
        return (app, world, client, await client.UserTokenAsync("bob", scopes));
    }

    private static Task<JsonElement> CreateAsync(ApiClient client, string token) => SendAsync(client, HttpMethod.Post, "/api/v2/filters", token, Form(
        ("title", "Spoilers"), ("context[]", "home"), ("context[]", "public"), ("filter_action", "hide"), ("expires_in", "3600"),
        ("keywords_attributes[][keyword]", "finale"), ("keywords_attributes[][whole_word]", "false"),
        ("keywords_attributes[][keyword]", "ending")));

    [Fact]
    public async Task A_filter_is_created_with_keywords_from_a_form_and_read_back()
    {
        var (_, _, client, token) = await StartWithBobAsync();

        var created = await CreateAsync(client, token);

        GoldenJson.AssertMatches(created.GetRawText(), "Filter.json");
        Assert.Equal(["home", "public"], created.GetProperty("context").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([("finale", false), ("ending", true)], created.GetProperty("keywords").EnumerateArray()
            .Select(k => (k.GetProperty("keyword").GetString(), k.GetProperty("whole_word").GetBoolean())));
        var listed = await SendAsync(client, HttpMethod.Get, "/api/v2/filters", token);
        Assert.Equal(created.GetRawText(), Assert.Single(listed.EnumerateArray()).GetRawText());
        var one = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{Id(created)}", token);
        Assert.Equal(created.GetRawText(), one.GetRawText());
    }

    [Fact]
    public async Task A_filter_is_created_from_json_as_masto_sends_it()
    {
        var (_, _, client, token) = await StartWithBobAsync();

        var created = await SendAsync(client, HttpMethod.Post, "/api/v2/filters", token, ApiClient.Json(new
        {
            title = "Politics",
            context = new[] { "home", "thread" },
            filter_action = "warn",
            keywords_attributes = new[] { new { keyword = "election", whole_word = true } },
        }));

        Assert.Equal("Politics", created.GetProperty("title").GetString());
        Assert.Equal("warn", created.GetProperty("filter_action").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("expires_at").ValueKind);
        Assert.Equal("election", Assert.Single(created.GetProperty("keywords").EnumerateArray()).GetProperty("keyword").GetString());
        Assert.Equal("[]", created.GetProperty("statuses").GetRawText());
    }

    [Fact]
    public async Task Updating_changes_the_fields_given_and_the_keywords_named_by_id()
    {
        var (_, _, client, token) = await StartWithBobAsync();
        var created = await CreateAsync(client, token);
        var keywords = created.GetProperty("keywords").EnumerateArray().Select(Id).ToList();

        var updated = await SendAsync(client, HttpMethod.Put, $"/api/v2/filters/{Id(created)}", token, Form(
            ("title", "Film spoilers"), ("filter_action", "warn"), ("expires_in", ""),
            ("keywords_attributes[][id]", keywords[0]), ("keywords_attributes[][_destroy]", "true"),
            ("keywords_attributes[][id]", keywords[1]), ("keywords_attributes[][keyword]", "twist"),
            ("keywords_attributes[][keyword]", "plot")));

        Assert.Equal(("Film spoilers", "warn"), (updated.GetProperty("title").GetString(), updated.GetProperty("filter_action").GetString()));
        Assert.Equal(["home", "public"], updated.GetProperty("context").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("expires_at").ValueKind);
        Assert.Equal([(keywords[1], "twist"), (null, "plot")], updated.GetProperty("keywords").EnumerateArray()
            .Select(k => (Id(k) == keywords[1] ? Id(k) : null, k.GetProperty("keyword").GetString())));
    }

    [Fact]
    public async Task Keywords_are_listed_added_changed_and_removed_one_by_one()
    {
        var (_, _, client, token) = await StartWithBobAsync();
        var filter = Id(await CreateAsync(client, token));

        var added = await SendAsync(client, HttpMethod.Post, $"/api/v2/filters/{filter}/keywords", token, Form(("keyword", "cliffhanger")));
        var changed = await SendAsync(client, HttpMethod.Put, $"/api/v2/filters/keywords/{Id(added)}", token, Form(("keyword", "cliff hanger"), ("whole_word", "0")));
        var one = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/keywords/{Id(added)}", token);
        var removed = await SendAsync(client, HttpMethod.Delete, $"/api/v2/filters/keywords/{Id(added)}", token);
        var listed = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{filter}/keywords", token);

        Assert.True(added.GetProperty("whole_word").GetBoolean(), "A keyword is matched as a whole word unless asked otherwise.");
        GoldenJson.AssertMatches(one.GetRawText(), "FilterKeyword.json");
        Assert.Equal(changed.GetRawText(), one.GetRawText());
        Assert.Equal("{}", removed.GetRawText());
        Assert.Equal(["finale", "ending"], listed.EnumerateArray().Select(k => k.GetProperty("keyword").GetString()));
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v2/filters/keywords/{Id(added)}", token), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Statuses_are_added_once_listed_and_removed_and_only_ones_the_reader_can_see()
    {
        var (_, world, client, token) = await StartWithBobAsync();
        var filter = Id(await CreateAsync(client, token));
        var carolToken = await client.UserTokenAsync("carol");
        var carolFilter = Id(await CreateAsync(client, carolToken));

        var added = await SendAsync(client, HttpMethod.Post, $"/api/v2/filters/{filter}/statuses", token, Form(("status_id", world.Status("alice_public").Id.ToString())));
        var again = await client.SendAsync(HttpMethod.Post, $"/api/v2/filters/{filter}/statuses", token, Form(("status_id", world.Status("alice_public").Id.ToString())));
        var hidden = await client.SendAsync(HttpMethod.Post, $"/api/v2/filters/{carolFilter}/statuses", carolToken, Form(("status_id", world.Status("alice_direct_bob").Id.ToString())));
        var blank = await client.SendAsync(HttpMethod.Post, $"/api/v2/filters/{filter}/statuses", token, Form());
        var listed = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{filter}/statuses", token);
        var one = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/statuses/{Id(added)}", token);
        var inFilter = await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{filter}", token);

        GoldenJson.AssertMatches(one.GetRawText(), "FilterStatus.json");
        Assert.Equal(world.Status("alice_public").Id.ToString(), added.GetProperty("status_id").GetString());
        await ApiClient.AssertErrorAsync(again, HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(hidden, HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(blank, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(added.GetRawText(), Assert.Single(listed.EnumerateArray()).GetRawText());
        Assert.Equal(added.GetRawText(), Assert.Single(inFilter.GetProperty("statuses").EnumerateArray()).GetRawText());

        Assert.Equal("{}", (await SendAsync(client, HttpMethod.Delete, $"/api/v2/filters/statuses/{Id(added)}", token)).GetRawText());
        Assert.Equal("[]", (await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{filter}/statuses", token)).GetRawText());
    }

    [Fact]
    public async Task Deleting_a_filter_takes_its_keywords_with_it()
    {
        var (app, _, client, token) = await StartWithBobAsync();
        var created = await CreateAsync(client, token);

        var deleted = await SendAsync(client, HttpMethod.Delete, $"/api/v2/filters/{Id(created)}", token);

        Assert.Equal("{}", deleted.GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v2/filters/{Id(created)}", token), HttpStatusCode.NotFound);
        Assert.Equal(0, await app.DbAsync(db => db.FilterKeywords.CountAsync()));
    }

    [Theory]
    [InlineData("context[]", "home", "Title can't be blank")]
    [InlineData("title", "No context", "Context can't be blank")]
    public async Task A_filter_without_title_or_context_is_refused(string field, string value, string error)
    {
        var (app, _, client, token) = await StartWithBobAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v2/filters", token, Form((field, value)));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(error, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.DbAsync(db => db.Filters.CountAsync()));
    }

    [Theory]
    [InlineData("context[]", "everywhere")]
    [InlineData("filter_action", "explode")]
    [InlineData("expires_in", "soon")]
    [InlineData("expires_in", "-5")]
    [InlineData("keywords_attributes[][keyword]", " ")]
    public async Task Bad_values_are_refused_with_422_and_nothing_is_saved(string field, string value)
    {
        var (app, _, client, token) = await StartWithBobAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v2/filters", token, Form(("title", "Bad"), ("context[]", "home"), (field, value)));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await app.DbAsync(db => db.Filters.CountAsync()));
    }

    [Fact]
    public async Task Another_persons_filters_keywords_and_statuses_are_not_found()
    {
        var (_, world, client, token) = await StartWithBobAsync();
        var created = await CreateAsync(client, token);
        var keyword = Id(created.GetProperty("keywords")[0]);
        var status = Id(await SendAsync(client, HttpMethod.Post, $"/api/v2/filters/{Id(created)}/statuses", token, Form(("status_id", world.Status("alice_public").Id.ToString()))));
        var carol = await client.UserTokenAsync("carol");

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/v2/filters/{Id(created)}"),
            (HttpMethod.Put, $"/api/v2/filters/{Id(created)}"),
            (HttpMethod.Delete, $"/api/v2/filters/{Id(created)}"),
            (HttpMethod.Get, $"/api/v2/filters/{Id(created)}/keywords"),
            (HttpMethod.Post, $"/api/v2/filters/{Id(created)}/keywords"),
            (HttpMethod.Get, $"/api/v2/filters/keywords/{keyword}"),
            (HttpMethod.Put, $"/api/v2/filters/keywords/{keyword}"),
            (HttpMethod.Delete, $"/api/v2/filters/keywords/{keyword}"),
            (HttpMethod.Get, $"/api/v2/filters/{Id(created)}/statuses"),
            (HttpMethod.Get, $"/api/v2/filters/statuses/{status}"),
            (HttpMethod.Delete, $"/api/v2/filters/statuses/{status}"),
            (HttpMethod.Get, "/api/v2/filters/not-an-id"),
            (HttpMethod.Get, "/api/v2/filters/999999"),
        })
        {
            var response = await client.SendAsync(method, path, carol, Form(("keyword", "x"), ("title", "x")));
            await ApiClient.AssertErrorAsync(response, HttpStatusCode.NotFound);
        }
        Assert.Equal(2, (await SendAsync(client, HttpMethod.Get, $"/api/v2/filters/{Id(created)}", token)).GetProperty("keywords").GetArrayLength());
    }

    [Fact]
    public async Task Tokens_need_the_filters_scopes_and_a_user()
    {
        var (_, _, client, readOnly) = await StartWithBobAsync("read:filters");
        var writeOnly = await client.UserTokenAsync("bob", "write:filters");

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/filters"), HttpStatusCode.Unauthorized, "The access token is invalid");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/filters", "not-a-token"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/filters", readOnly, Form(("title", "x"), ("context[]", "home"))),
            HttpStatusCode.Forbidden, "This action is outside the authorized scopes");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v2/filters", writeOnly), HttpStatusCode.Forbidden);
        Assert.Equal("[]", (await SendAsync(client, HttpMethod.Get, "/api/v2/filters", readOnly)).GetRawText());
        Assert.Equal("[]", (await SendAsync(client, HttpMethod.Get, "/api/v1/filters", readOnly)).GetRawText());
    }

    [Fact]
    public async Task Statuses_carry_what_the_readers_filters_matched()
    {
        var (_, world, client, token) = await StartWithBobAsync();
        var filter = await SendAsync(client, HttpMethod.Post, "/api/v2/filters", token, Form(
            ("title", "Worldly"), ("context[]", "public"), ("keywords_attributes[][keyword]", "world")));
        await SendAsync(client, HttpMethod.Post, $"/api/v2/filters/{Id(filter)}/statuses", token, Form(("status_id", world.Status("alice_unlisted").Id.ToString())));

        var found = await SendAsync(client, HttpMethod.Get, "/api/v2/search?type=statuses&q=o", token);

        var statuses = found.GetProperty("statuses").EnumerateArray().ToDictionary(Id);
        var matched = statuses[world.Status("alice_public").Id.ToString()].GetProperty("filtered");
        GoldenJson.AssertMatches(matched.GetRawText(), "FilterResult.json");
        var listed = Assert.Single(statuses[world.Status("alice_unlisted").Id.ToString()].GetProperty("filtered").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("keyword_matches").ValueKind);
        Assert.Equal([world.Status("alice_unlisted").Id.ToString()], listed.GetProperty("status_matches").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("[]", statuses[world.Status("alice_followers").Id.ToString()].GetProperty("filtered").GetRawText());
    }

    public sealed class Sqlite() : FiltersApiTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FiltersApiTests(TestDatabase.Postgres);
}
