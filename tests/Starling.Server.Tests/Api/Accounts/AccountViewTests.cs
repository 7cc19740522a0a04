using System.Net;
using System.Text.Json;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary>Reading accounts: by id and address, their posts and connections, search, relationships and familiar followers.</summary>
public abstract class AccountViewTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task An_account_is_public_and_a_suspended_one_is_shown_withheld()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        using var client = new ApiClient(app);
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(Note: "Admin of #starling", Fields: [new("Site", "https://starling.example")])));

        var alice = await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("alice")}");
        GoldenJson.AssertMatches(alice.GetRawText(), "Account.json", [TestInstance.Domain]);

        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));
        var suspended = await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("alice")}");
        Assert.True(suspended.GetProperty("suspended").GetBoolean());
        Assert.Equal(("", "", 0), (suspended.GetProperty("display_name").GetString(), suspended.GetProperty("note").GetString(), suspended.GetProperty("fields").GetArrayLength()));
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/4242"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_endpoints_refuse_a_broken_token_or_one_without_the_scope()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var writeOnly = await app.TokenAsync("bob", "write");
        var path = $"/api/v1/accounts/{world.IdText("alice")}";

        await ApiClient.AssertErrorAsync(await client.GetAsync(path, "not-a-token"), HttpStatusCode.Unauthorized, "The access token is invalid");
        await ApiClient.AssertErrorAsync(await client.GetAsync(path, writeOnly), HttpStatusCode.Forbidden, "This action is outside the authorized scopes");
        await ApiClient.AssertErrorAsync(await client.GetAsync(path + "/statuses", writeOnly), HttpStatusCode.Forbidden);
        Assert.Equal("alice", (await client.GetJsonAsync(path, await app.TokenAsync("bob", "read:accounts"))).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Accounts_are_looked_up_by_address_and_fetched_several_at_once()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);

        foreach (var acct in new[] { "alice", "@Alice", $"alice@{TestInstance.Domain}" })
        {
            Assert.Equal(world.IdText("alice"), (await client.GetJsonAsync($"/api/v1/accounts/lookup?acct={Uri.EscapeDataString(acct)}")).GetProperty("id").GetString());
        }
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/lookup?acct=nobody"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/lookup"), HttpStatusCode.NotFound);
        var several = await client.GetJsonAsync($"/api/v1/accounts?id[]={world.IdText("bob")}&id[]=4242&id[]=nonsense&id[]={world.IdText("alice")}");
        Assert.Equal([world.IdText("bob"), world.IdText("alice")], several.Ids());
    }

    [Fact]
    public async Task An_accounts_statuses_follow_the_viewer_and_the_filters_and_page_with_links()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        var aliceId = world.Id("alice");
        await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(aliceId, world.Status("dave_public").Id));
        await app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(aliceId, new StatusDraft("More #starling", null, Visibility.Public, world.Status("alice_public").Id)));
        await app.UseAsync<PinStatus, Status>(p => p.PinAsync(aliceId, world.Status("alice_unlisted").Id));
        var extra = await app.DbAsync(db => db.Statuses.AsNoTracking().Where(s => s.AccountId == world.Id("alice")).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        using var client = new ApiClient(app);
        var path = $"/api/v1/accounts/{world.IdText("alice")}/statuses";
        var bob = await app.TokenAsync("bob");
        string S(string name) => world.StatusId(name);
        var boost = extra[^2].ToString();
        var thread = extra[^1].ToString();

        Assert.Equal([thread, boost, S("alice_unlisted"), S("alice_public")], (await client.GetJsonAsync(path)).Ids());
        Assert.Equal([thread, boost, S("alice_direct_bob"), S("alice_followers"), S("alice_unlisted"), S("alice_public")], (await client.GetJsonAsync(path, bob)).Ids());
        Assert.Equal([thread, S("alice_unlisted"), S("alice_public")], (await client.GetJsonAsync(path + "?exclude_reblogs=true&exclude_replies=1")).Ids());
        Assert.Equal([S("alice_unlisted")], (await client.GetJsonAsync(path + "?pinned=true")).Ids());
        Assert.Equal([thread, S("alice_public")], (await client.GetJsonAsync(path + "?tagged=starling")).Ids());
        Assert.Empty((await client.GetJsonAsync(path + "?only_media=true")).Ids());

        using var first = await client.GetAsync(path + "?limit=2&exclude_reblogs=true", bob);
        Assert.Equal([thread, S("alice_direct_bob")], (await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK)).Ids());
        var links = first.Links();
        Assert.Equal($"{path}?limit=2&exclude_reblogs=true&max_id={S("alice_direct_bob")}", links["next"]);
        Assert.Equal($"{path}?limit=2&exclude_reblogs=true&min_id={thread}", links["prev"]);
        Assert.Equal([S("alice_followers"), S("alice_unlisted")], (await client.GetJsonAsync(links["next"], bob)).Ids());
        Assert.Empty((await client.GetJsonAsync(links["prev"], bob)).Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/4242/statuses"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync(path + "?max_id=abc"), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_statuses_page_renders_each_status_for_its_viewer()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        await app.UseAsync<FavouriteStatus>(f => f.FavouriteAsync(world.Id("bob"), world.Status("dave_public").Id));
        using var client = new ApiClient(app);

        var statuses = await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("dave")}/statuses", await app.TokenAsync("bob"));

        GoldenJson.AssertMatches(statuses.GetRawText(), "AccountStatuses.json", [TestInstance.Domain]);
    }

    [Fact]
    public async Task Followers_and_following_page_by_follow_with_links_and_hide_across_a_block()
    {
        var app = await StartAsync();
        var world = await app.World().Users("star", "a", "b", "c", "d", "outsider")
            .Follow("a", "star").Follow("b", "star").Follow("c", "star").Follow("d", "star").Follow("star", "a")
            .BuildAsync();
        using var client = new ApiClient(app);
        var path = $"/api/v1/accounts/{world.IdText("star")}/followers";

        using var first = await client.GetAsync(path + "?limit=3");
        Assert.Equal([world.IdText("d"), world.IdText("c"), world.IdText("b")], (await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK)).Ids());
        Assert.Equal([world.IdText("a")], (await client.GetJsonAsync(first.Links()["next"])).Ids());
        Assert.Equal(4, (await client.GetJsonAsync(path + "?limit=500")).GetArrayLength());
        Assert.Equal([world.IdText("a")], (await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("star")}/following")).Ids());

        await app.UseAsync<BlockAccount>(b => b.BlockAsync(world.Id("star"), world.Id("outsider")));
        var outsider = await app.TokenAsync("outsider");
        Assert.Empty((await client.GetJsonAsync(path, outsider)).Ids());
        Assert.Empty((await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("star")}/following", outsider)).Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/4242/followers"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_finds_accounts_for_a_signed_in_user()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var carol = await app.TokenAsync("carol");

        Assert.Equal([world.IdText("bob")], (await client.GetJsonAsync("/api/v1/accounts/search?q=bo", carol)).Ids());
        Assert.Equal([world.IdText("alice")], (await client.GetJsonAsync("/api/v1/accounts/search?q=a&following=true&resolve=true", carol)).Ids());
        Assert.Single((await client.GetJsonAsync("/api/v1/accounts/search?q=e&limit=1", carol)).Ids());
        Assert.Empty((await client.GetJsonAsync("/api/v1/accounts/search", carol)).Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/search?q=bob"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Relationships_and_familiar_followers_skip_ids_that_name_nobody()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("bob"), world.Id("erin")));
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("erin"));
        using var client = new ApiClient(app);
        var bob = await app.TokenAsync("bob");
        var query = $"id[]={world.IdText("alice")}&id[]={world.IdText("dave")}&id[]=4242&id[]={world.IdText("erin")}&id[]={world.IdText("carol")}";

        var relationships = await client.GetJsonAsync("/api/v1/accounts/relationships?" + query, bob);
        GoldenJson.AssertMatches(relationships.GetRawText(), "Relationships.json");
        var withSuspended = await client.GetJsonAsync("/api/v1/accounts/relationships?with_suspended=true&" + query, bob);
        Assert.Equal([world.IdText("alice"), world.IdText("dave"), world.IdText("erin"), world.IdText("carol")], withSuspended.Ids());
        Assert.True(withSuspended[2].GetProperty("muting").GetBoolean());

        var familiar = await client.GetJsonAsync($"/api/v1/accounts/familiar_followers?id[]={world.IdText("alice")}&id[]={world.IdText("bob")}&id[]=4242",
            await app.TokenAsync("carol"));
        Assert.Equal([world.IdText("alice"), world.IdText("bob")], familiar.Ids());
        Assert.Equal([world.IdText("bob")], familiar[0].GetProperty("accounts").Ids());
        Assert.Empty(familiar[1].GetProperty("accounts").Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/relationships?" + query), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/relationships?" + query, await app.TokenAsync("bob", "read:statuses")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Featured_tags_lists_and_endorsements_are_empty_for_now()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await app.TokenAsync("bob");

        Assert.Equal("[]", (await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("alice")}/featured_tags")).GetRawText());
        Assert.Equal("[]", (await client.GetJsonAsync($"/api/v1/accounts/{world.IdText("alice")}/lists", bob)).GetRawText());
        Assert.Equal("[]", (await client.GetJsonAsync("/api/v1/endorsements", bob)).GetRawText());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/4242/featured_tags"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/accounts/4242/lists", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.GetAsync($"/api/v1/accounts/{world.IdText("alice")}/lists"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/endorsements", await app.TokenAsync("bob", "read:statuses")), HttpStatusCode.Forbidden);
    }

    public sealed class Sqlite() : AccountViewTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccountViewTests(TestDatabase.Postgres);
}
