using System.Net;
using System.Text.Json;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary><c>verify_credentials</c> and <c>update_credentials</c>, with /api/v1/preferences reading back the posting defaults.</summary>
public abstract class CredentialsTests(TestDatabase database) : IntegrationTest(database)
{
    private static async Task<JsonElement> PatchAsync(ApiClient client, string token, HttpContent content, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, content);
        return await ApiClient.ReadJsonAsync(response, expected);
    }

    [Fact]
    public async Task A_multipart_update_sets_the_profile_fields_and_posting_defaults_that_verify_credentials_shows()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        using var client = new ApiClient(app);
        var token = await app.TokenAsync("alice");
        using var content = AccountsApi.Multipart(
            ("display_name", "Alice Liddell"),
            ("note", "Down the #rabbit hole with @bob"),
            ("locked", "true"),
            ("bot", "0"),
            ("discoverable", "False"),
            ("fields_attributes[0][name]", "Website"),
            ("fields_attributes[0][value]", "https://alice.example"),
            ("fields_attributes[1][name]", "Pronouns"),
            ("fields_attributes[1][value]", "she/her"),
            ("source[privacy]", "unlisted"),
            ("source[sensitive]", "1"),
            ("source[language]", "en"),
            ("hide_collections", "true"));
        content.Add(AccountsApi.FilePart(TestMedia.Png(64, 64), "image/png"), "avatar", "avatar.png");
        content.Add(AccountsApi.FilePart(TestMedia.Jpeg(1500, 500), "image/jpeg"), "header", "header.jpg");

        var updated = await PatchAsync(client, token, content);
        var verified = await client.GetJsonAsync("/api/v1/accounts/verify_credentials", token);

        Assert.Equal(updated.GetRawText(), verified.GetRawText());
        // The pictures' names hold a random part, different on every run.
        GoldenJson.AssertMatches(System.Text.RegularExpressions.Regex.Replace(verified.GetRawText(), "/original/[0-9a-f]{16}\\.", "/original/{file}."),
            "VerifyCredentials.json", [TestInstance.Domain]);
        var preferences = await client.GetJsonAsync("/api/v1/preferences", token);
        Assert.Equal(("unlisted", true, "en"), (preferences.GetProperty("posting:default:visibility").GetString(),
            preferences.GetProperty("posting:default:sensitive").GetBoolean(), preferences.GetProperty("posting:default:language").GetString()));
        var shown = await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("alice")}");
        Assert.Equal(verified.GetProperty("fields").GetRawText(), shown.GetProperty("fields").GetRawText());
        Assert.False(shown.TryGetProperty("source", out _));
    }

    [Fact]
    public async Task A_form_update_changes_only_what_it_names_and_an_empty_fields_list_clears_them()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var token = await app.TokenAsync("bob");
        await PatchAsync(client, token, ApiClient.Form(("fields_attributes[0][name]", "Home"), ("fields_attributes[0][value]", "The burrow")));

        var renamed = await PatchAsync(client, token, ApiClient.Form(("display_name", "Robert")));
        var cleared = await PatchAsync(client, token, ApiClient.Form(("fields_attributes", "")));

        Assert.Equal("Robert", renamed.GetProperty("display_name").GetString());
        Assert.Equal([("Home", "The burrow")], renamed.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString())));
        Assert.Equal([("Home", "The burrow")], renamed.GetProperty("source").GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString())));
        Assert.Equal(0, cleared.GetProperty("fields").GetArrayLength());
        Assert.Equal("Robert", cleared.GetProperty("display_name").GetString());
        Assert.Equal("public", cleared.GetProperty("source").GetProperty("privacy").GetString());
    }

    [Fact]
    public async Task A_json_update_takes_fields_as_an_array_or_an_object_keyed_by_index()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var token = await app.TokenAsync("carol");

        var asArray = await PatchAsync(client, token, ApiClient.Json(new
        {
            note = "Hello",
            fields_attributes = new[] { new { name = "One", value = "1" }, new { name = "Two", value = "2" } },
            source = new { privacy = "private", sensitive = true },
        }));
        var asObject = await PatchAsync(client, token, ApiClient.Json(new Dictionary<string, object>
        {
            ["fields_attributes"] = new Dictionary<string, object> { ["0"] = new { name = "First", value = "a" }, ["1"] = new { name = "Second", value = "b" } },
            ["locked"] = "1",
        }));

        Assert.Equal(["One", "Two"], asArray.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(("private", true), (asArray.GetProperty("source").GetProperty("privacy").GetString(), asArray.GetProperty("source").GetProperty("sensitive").GetBoolean()));
        Assert.Equal("<p>Hello</p>", asArray.GetProperty("note").GetString());
        Assert.Equal(["First", "Second"], asObject.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.True(asObject.GetProperty("locked").GetBoolean());
        Assert.Equal("Hello", asObject.GetProperty("source").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Refused_updates_answer_422_and_change_nothing()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var token = await app.TokenAsync("erin");
        var fiveFields = Enumerable.Range(0, 5).SelectMany(n => new[] { ($"fields_attributes[{n}][name]", $"F{n}"), ($"fields_attributes[{n}][value]", "v") });

        foreach (var content in new HttpContent[]
        {
            ApiClient.Form(("display_name", "Changed"), ("note", new string('x', 501))),
            ApiClient.Form(("display_name", new string('n', 31))),
            ApiClient.Form([("display_name", "Changed"), .. fiveFields]),
            ApiClient.Form(("display_name", "Changed"), ("source[privacy]", "direct")),
            ApiClient.Form(("display_name", "Changed"), ("source[privacy]", "everyone")),
            ApiClient.Form(("display_name", "Changed"), ("source[language]", "klingon")),
            ApiClient.Form(("display_name", "Changed"), ("fields_attributes", "not a list")),
        })
        {
            using var response = await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, content);
            await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity);
        }

        var erin = await world.ReloadAccountAsync("erin");
        Assert.Equal(("Erin", 0), (erin.DisplayName, erin.Fields.Count));
        Assert.Equal(Visibility.Public, (await app.DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.AccountId == erin.Id))).DefaultVisibility);
    }

    [Fact]
    public async Task Credentials_need_a_user_token_with_the_right_scope()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var registered = await client.RegisterAsync("read write");
        using var appTokenResponse = await client.TokenAsync(registered, ("grant_type", "client_credentials"), ("scope", "read write"));
        var appToken = (await ApiClient.ReadJsonAsync(appTokenResponse, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        var profileOnly = await app.TokenAsync("alice", "profile");
        var readOnly = await app.TokenAsync("alice", "read");
        var writeStatuses = await app.TokenAsync("alice", "write:statuses");

        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), HttpStatusCode.Unauthorized, "The access token is invalid");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/verify_credentials", "not-a-token"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/verify_credentials", appToken), HttpStatusCode.UnprocessableEntity, "This method requires an authenticated user");
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/verify_credentials", writeStatuses), HttpStatusCode.Forbidden, "This action is outside the authorized scopes");
        Assert.Equal("alice", (await client.GetJsonAsync("/api/v1/accounts/verify_credentials", profileOnly)).GetProperty("username").GetString());
        using var readOnlyUpdate = await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", readOnly, ApiClient.Form(("note", "x")));
        await ApiClient.AssertErrorAsync(readOnlyUpdate, HttpStatusCode.Forbidden);
        using var anonymousUpdate = await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", null, ApiClient.Form(("note", "x")));
        await ApiClient.AssertErrorAsync(anonymousUpdate, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unlocking_through_the_api_accepts_waiting_follow_requests()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var token = await app.TokenAsync("dave");
        Assert.Equal(1, (await client.GetJsonAsync("/api/v1/accounts/verify_credentials", token)).GetProperty("source").GetProperty("follow_requests_count").GetInt32());

        var unlocked = await PatchAsync(client, token, ApiClient.Form(("locked", "false")));

        Assert.False(unlocked.GetProperty("locked").GetBoolean());
        Assert.Equal(0, unlocked.GetProperty("source").GetProperty("follow_requests_count").GetInt32());
        Assert.Equal(1, unlocked.GetProperty("followers_count").GetInt32());
        Assert.Equal(1, (await world.ReloadAccountAsync("dave")).FollowersCount);
    }

    public sealed class Sqlite() : CredentialsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : CredentialsTests(TestDatabase.Postgres);
}
