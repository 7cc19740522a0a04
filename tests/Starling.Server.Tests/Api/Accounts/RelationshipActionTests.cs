using System.Net;
using System.Text.Json;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Api.Accounts;

/// <summary>Follow, block, mute and their undoing, and follow requests: each answers the Relationship as it stands afterwards.</summary>
public abstract class RelationshipActionTests(TestDatabase database) : IntegrationTest(database)
{
    private static (bool Following, bool ShowingReblogs, bool Notifying, bool Requested) FollowState(JsonElement relationship) => (
        relationship.GetProperty("following").GetBoolean(), relationship.GetProperty("showing_reblogs").GetBoolean(),
        relationship.GetProperty("notifying").GetBoolean(), relationship.GetProperty("requested").GetBoolean());

    [Fact]
    public async Task Following_takes_reblogs_and_notify_keeps_them_when_not_given_and_asks_a_locked_account()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var erin = await app.TokenAsync("erin");

        var followed = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("bob")}/follow", erin, ApiClient.Form(("reblogs", "false"), ("notify", "true")));
        var again = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("bob")}/follow", erin);
        var changed = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("bob")}/follow", erin, ApiClient.Json(new { reblogs = true }));
        var requested = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("dave")}/follow", erin);

        GoldenJson.AssertMatches(followed.GetRawText(), "Relationship.follow.json");
        Assert.Equal((true, false, true, false), FollowState(again));
        Assert.Equal((true, true, true, false), FollowState(changed));
        Assert.Equal((false, true, false, true), FollowState(requested));
        Assert.Equal(2, (await world.ReloadAccountAsync("bob")).FollowersCount);

        var unfollowed = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("bob")}/unfollow", erin);
        var withdrawn = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("dave")}/unfollow", erin);
        var unfollowedAgain = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("bob")}/unfollow", erin);
        Assert.Equal((false, false, false, false), FollowState(unfollowed));
        Assert.Equal((false, false, false, false), FollowState(withdrawn));
        Assert.Equal(unfollowed.GetRawText(), unfollowedAgain.GetRawText());
    }

    [Fact]
    public async Task Follow_requests_are_listed_with_links_and_answered()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        foreach (var requester in new[] { "erin", "carol" })
        {
            await app.UseAsync<FollowAccount, FollowOutcome>(f => f.FollowAsync(world.Id(requester), world.Id("dave")));
        }
        using var client = new ApiClient(app);
        var dave = await app.TokenAsync("dave");

        using var first = await client.GetAsync("/api/v1/follow_requests?limit=2", dave);
        Assert.Equal([world.IdText("carol"), world.IdText("erin")], (await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK)).Ids());
        Assert.Equal([world.IdText("bob")], (await client.GetJsonAsync(first.Links()["next"], dave)).Ids());

        var authorized = await client.PostJsonAsync($"/api/v1/follow_requests/{world.IdText("bob")}/authorize", dave);
        var rejected = await client.PostJsonAsync($"/api/v1/follow_requests/{world.IdText("erin")}/reject", dave);

        Assert.True(authorized.GetProperty("followed_by").GetBoolean());
        Assert.False(authorized.GetProperty("requested_by").GetBoolean());
        Assert.False(rejected.GetProperty("followed_by").GetBoolean() || rejected.GetProperty("requested_by").GetBoolean());
        Assert.Equal([world.IdText("carol")], (await client.GetJsonAsync("/api/v1/follow_requests", dave)).Ids());
        Assert.Equal(1, (await world.ReloadAccountAsync("dave")).FollowersCount);
        using var missing = await client.SendAsync(HttpMethod.Post, $"/api/v1/follow_requests/{world.IdText("alice")}/authorize", dave);
        await ApiClient.AssertErrorAsync(missing, HttpStatusCode.NotFound);
        using var readOnly = await client.SendAsync(HttpMethod.Post, $"/api/v1/follow_requests/{world.IdText("carol")}/authorize", await app.TokenAsync("dave", "read"));
        await ApiClient.AssertErrorAsync(readOnly, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Blocking_ends_follows_both_ways_lists_the_block_and_refuses_a_follow_across_it()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var alice = await app.TokenAsync("alice");
        var carol = await app.TokenAsync("carol");

        var blocked = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("carol")}/block", alice);
        var blockedAgain = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("carol")}/block", alice);

        Assert.True(blocked.GetProperty("blocking").GetBoolean());
        Assert.False(blocked.GetProperty("followed_by").GetBoolean());
        Assert.Equal(blocked.GetRawText(), blockedAgain.GetRawText());
        Assert.True((await client.GetJsonAsync($"/api/v1/accounts/relationships?id[]={world.IdText("alice")}", carol))[0].GetProperty("blocked_by").GetBoolean());
        Assert.Equal([world.IdText("carol")], (await client.GetJsonAsync("/api/v1/blocks", alice)).Ids());
        using var refused = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{world.IdText("alice")}/follow", carol);
        await ApiClient.AssertErrorAsync(refused, HttpStatusCode.Forbidden);

        var unblocked = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("carol")}/unblock", alice);
        Assert.False(unblocked.GetProperty("blocking").GetBoolean());
        Assert.Empty((await client.GetJsonAsync("/api/v1/blocks", alice)).Ids());
        await ApiClient.AssertErrorAsync(await client.GetAsync("/api/v1/blocks", await app.TokenAsync("alice", "read:mutes")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Muting_takes_notifications_and_a_duration_and_the_mutes_list_says_when_it_ends()
    {
        var (app, world) = await StartWithStandardWorldAsync(o => o with { FakeTime = true });
        using var client = new ApiClient(app);
        var bob = await app.TokenAsync("bob");

        var timed = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("erin")}/mute", bob, ApiClient.Form(("notifications", "false"), ("duration", "3600")));
        var endless = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("carol")}/mute", bob, ApiClient.Json(new { duration = 0 }));
        var mutes = await client.GetJsonAsync("/api/v1/mutes", bob);

        Assert.Equal((true, false), (timed.GetProperty("muting").GetBoolean(), timed.GetProperty("muting_notifications").GetBoolean()));
        Assert.Equal((true, true), (endless.GetProperty("muting").GetBoolean(), endless.GetProperty("muting_notifications").GetBoolean()));
        Assert.Equal([world.IdText("carol"), world.IdText("erin")], mutes.Ids());
        Assert.Equal(JsonValueKind.Null, mutes[0].GetProperty("mute_expires_at").ValueKind);
        Assert.Equal("2026-01-15T13:00:00.000Z", mutes[1].GetProperty("mute_expires_at").GetString());

        app.AdvanceTime(TimeSpan.FromHours(2));
        Assert.Equal([world.IdText("carol")], (await client.GetJsonAsync("/api/v1/mutes", bob)).Ids());
        var unmuted = await client.PostJsonAsync($"/api/v1/accounts/{world.IdText("carol")}/unmute", bob);
        Assert.False(unmuted.GetProperty("muting").GetBoolean());
        using var negative = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{world.IdText("carol")}/mute", bob, ApiClient.Form(("duration", "-5")));
        await ApiClient.AssertErrorAsync(negative, HttpStatusCode.UnprocessableEntity);
        using var notANumber = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{world.IdText("carol")}/mute", bob, ApiClient.Form(("duration", "soon")));
        await ApiClient.AssertErrorAsync(notANumber, HttpStatusCode.UnprocessableEntity);
        Assert.Empty((await client.GetJsonAsync("/api/v1/mutes", bob)).Ids());
    }

    [Theory]
    [InlineData("follow")]
    [InlineData("unfollow")]
    [InlineData("block")]
    [InlineData("unblock")]
    [InlineData("mute")]
    [InlineData("unmute")]
    public async Task Every_action_refuses_oneself_unknown_accounts_app_tokens_and_the_wrong_scope(string action)
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new ApiClient(app);
        var bob = await app.TokenAsync("bob");
        var registered = await client.RegisterAsync("read write follow");
        using var appTokenResponse = await client.TokenAsync(registered, ("grant_type", "client_credentials"), ("scope", "write"));
        var appToken = (await ApiClient.ReadJsonAsync(appTokenResponse, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        var other = $"/api/v1/accounts/{world.IdText("erin")}/{action}";

        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{world.IdText("bob")}/{action}", bob), HttpStatusCode.UnprocessableEntity);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/4242/{action}", bob), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, other, appToken), HttpStatusCode.UnprocessableEntity, "This method requires an authenticated user");
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, other, await app.TokenAsync("bob", "read")), HttpStatusCode.Forbidden);
        await ApiClient.AssertErrorAsync(await client.SendAsync(HttpMethod.Post, other), HttpStatusCode.Unauthorized);
        var relationship = await client.PostJsonAsync(other, await app.TokenAsync("bob", action.Contains("follow") ? "write:follows" : action.Contains("block") ? "write:blocks" : "write:mutes"));
        Assert.Equal(world.IdText("erin"), relationship.GetProperty("id").GetString());
    }

    public sealed class Sqlite() : RelationshipActionTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RelationshipActionTests(TestDatabase.Postgres);
}
