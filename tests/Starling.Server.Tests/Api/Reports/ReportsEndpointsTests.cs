using System.Net;

namespace Starling.Server.Tests.Api.Reports;

/// <summary><c>POST /api/v1/reports</c>: the Report entity Mastodon answers, its scope, and the errors it gives.</summary>
public abstract class ReportsEndpointsTests(TestDatabase database) : IntegrationTest(database)
{
    private static readonly Dictionary<string, string?> Rules = new() { ["Starling:Rules:0"] = "Be kind", ["Starling:Rules:1"] = "No spam" };

    private static Task<HttpResponseMessage> PostAsync(ApiClient client, string token, params (string Name, string? Value)[] fields) =>
        client.SendAsync(HttpMethod.Post, "/api/v1/reports", token, ApiClient.Form(fields));

    [Fact]
    public async Task A_report_is_filed_and_answered_as_mastodons_report_entity()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { Settings = Rules });
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("bob", "write:reports");
        var alice = world.Id("alice").ToString();

        var spam = await ApiClient.ReadJsonAsync(await PostAsync(client, token, ("account_id", alice), ("status_ids[]", world.Status("alice_public").Id.ToString()),
            ("status_ids[]", world.Status("alice_direct_bob").Id.ToString()), ("comment", "Spam account"), ("category", "spam"), ("forward", "true")), HttpStatusCode.OK);
        var rules = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/reports", token,
            ApiClient.Json(new { account_id = alice, rule_ids = new[] { "2" }, category = "other" })), HttpStatusCode.OK);

        GoldenJson.AssertMatches(spam.GetRawText(), "Report.json", [TestInstance.Domain]);
        Assert.Equal(("violation", "2"), (rules.GetProperty("category").GetString(), rules.GetProperty("rule_ids")[0].GetString()));
        Assert.Equal(2, await app.DbAsync(db => db.Reports.CountAsync(r => r.AccountId == world.Id("bob"))));
        Assert.Equal("Spam account", (await app.DbAsync(db => db.Reports.OrderBy(r => r.Id).FirstAsync())).Comment);
    }

    [Fact]
    public async Task Bad_input_is_refused_as_mastodon_refuses_it_and_stores_nothing()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { Settings = Rules });
        using var client = new ApiClient(app);
        var token = await client.UserTokenAsync("erin", "write:reports");
        var readOnly = await client.UserTokenAsync("erin", "read");
        var alice = world.Id("alice").ToString();

        await ApiClient.AssertErrorAsync(await PostAsync(client, token), HttpStatusCode.UnprocessableEntity, "Validation failed: account_id is missing");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", alice), ("category", "boring")), HttpStatusCode.UnprocessableEntity,
            "Validation failed: Category must be one of spam, legal, violation, other");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", alice), ("category", "violation")), HttpStatusCode.UnprocessableEntity,
            "Validation failed: Rule ids does not reference valid rules");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", alice), ("rule_ids[]", "3")), HttpStatusCode.UnprocessableEntity,
            "Validation failed: Rule ids does not reference valid rules");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", alice), ("comment", new string('x', 1001))), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", world.Id("erin").ToString())), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", "987654321")), HttpStatusCode.NotFound, "Account not found.");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", "not-an-id")), HttpStatusCode.NotFound, "Record not found");
        await ApiClient.AssertErrorAsync(await PostAsync(client, token, ("account_id", alice), ("status_ids[]", world.Status("alice_followers").Id.ToString())),
            HttpStatusCode.NotFound, "Status not found.");
        await ApiClient.AssertErrorAsync(await PostAsync(client, readOnly, ("account_id", alice)), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/reports", null, ApiClient.Form(("account_id", alice))), HttpStatusCode.Unauthorized);

        Assert.Equal(0, await app.DbAsync(db => db.Reports.CountAsync()));
    }

    public sealed class Sqlite() : ReportsEndpointsTests(TestDatabase.Sqlite);

    public sealed class Postgres() : ReportsEndpointsTests(TestDatabase.Postgres);
}
