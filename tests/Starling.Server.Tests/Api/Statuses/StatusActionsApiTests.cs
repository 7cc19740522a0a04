using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data.Entities;

namespace Starling.Server.Tests.Api.Statuses;

/// <summary>Favourite, boost, bookmark, pin and thread mutes, each undone, and who favourited or boosted a post.</summary>
public abstract class StatusActionsApiTests(TestDatabase database) : StatusApiTest(database)
{
    private static bool Flag(JsonElement status, string name) => status.GetProperty(name).GetBoolean();

    [Fact]
    public async Task Each_action_shows_on_the_status_and_is_undone()
    {
        using var s = await StartSessionAsync();
        var path = $"/api/v1/statuses/{s.World.Status("alice_public").Id}";

        var favourited = await CallAsync(s.Client, HttpMethod.Post, path + "/favourite", s.Bob);
        Assert.True(Flag(favourited, "favourited"));
        Assert.Equal(1, favourited.GetProperty("favourites_count").GetInt32());
        Assert.Equal(1, (await CallAsync(s.Client, HttpMethod.Post, path + "/favourite", s.Bob)).GetProperty("favourites_count").GetInt32());
        Assert.False(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/unfavourite", s.Bob), "favourited"));

        var boost = await CallAsync(s.Client, HttpMethod.Post, path + "/reblog", s.Bob, content: ApiClient.Form(("visibility", "unlisted")));
        Assert.Equal(s.World.Status("alice_public").Id.ToString(), Id(boost.GetProperty("reblog")));
        Assert.Equal("unlisted", boost.GetProperty("visibility").GetString());
        Assert.True(Flag(boost.GetProperty("reblog"), "reblogged"));
        var unboosted = await CallAsync(s.Client, HttpMethod.Post, path + "/unreblog", s.Bob);
        Assert.False(Flag(unboosted, "reblogged"));
        Assert.Equal(0, unboosted.GetProperty("reblogs_count").GetInt32());

        Assert.True(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/bookmark", s.Bob), "bookmarked"));
        Assert.False(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/unbookmark", s.Bob), "bookmarked"));

        Assert.True(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/pin", s.Alice), "pinned"));
        Assert.False(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/unpin", s.Alice), "pinned"));
        await AssertErrorAsync(s.Client, HttpMethod.Post, path + "/pin", s.Bob, HttpStatusCode.Forbidden);

        Assert.True(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/mute", s.Bob), "muted"));
        Assert.True(Flag(await CallAsync(s.Client, HttpMethod.Get, path, s.Bob), "muted"));
        Assert.False(Flag(await CallAsync(s.Client, HttpMethod.Post, path + "/unmute", s.Bob), "muted"));
    }

    [Fact]
    public async Task Actions_refuse_unknown_and_hidden_posts_and_check_scopes()
    {
        using var s = await StartSessionAsync();
        var erin = await s.Client.UserTokenAsync("erin");

        await AssertErrorAsync(s.Client, HttpMethod.Post, "/api/v1/statuses/424242/favourite", s.Bob, HttpStatusCode.NotFound);
        await AssertErrorAsync(s.Client, HttpMethod.Post, $"/api/v1/statuses/{s.World.Status("alice_followers").Id}/reblog", erin, HttpStatusCode.NotFound);
        await AssertErrorAsync(s.Client, HttpMethod.Post, $"/api/v1/statuses/{s.World.Status("alice_followers").Id}/reblog", s.Bob, HttpStatusCode.Forbidden);
        var readOnly = await s.Client.UserTokenAsync("bob", "read");
        await AssertErrorAsync(s.Client, HttpMethod.Post, $"/api/v1/statuses/{s.World.Status("alice_public").Id}/favourite", readOnly, HttpStatusCode.Forbidden);
        Assert.Equal(0, await s.App.DbAsync(db => db.Favourites.CountAsync()));
    }

    [Fact]
    public async Task A_muted_thread_sends_no_notifications()
    {
        using var s = await StartSessionAsync();
        var thread = s.World.Status("alice_public").Id;
        await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/statuses/{thread}/mute", s.Alice);

        await PostStatusAsync(s.Client, s.Carol, ("status", "@alice replying in a muted thread"), ("in_reply_to_id", thread.ToString()));
        await CallAsync(s.Client, HttpMethod.Post, $"/api/v1/statuses/{thread}/favourite", s.Carol);
        var elsewhere = await PostStatusAsync(s.Client, s.Carol, ("status", "@alice but this is a new thread"));
        await s.App.DrainJobsAsync();

        var notified = await s.App.DbAsync(db => db.Notifications.Where(n => n.AccountId == s.World.Id("alice") && n.FromAccountId == s.World.Id("carol") && n.StatusId != null)
            .Select(n => new { n.Type, n.StatusId }).ToListAsync());
        Assert.Equal([(NotificationType.Mention, (long?)long.Parse(Id(elsewhere)))], notified.Select(n => (n.Type, n.StatusId)));
    }

    [Fact]
    public async Task Favourited_by_and_reblogged_by_page_with_link_headers()
    {
        using var s = await StartSessionAsync();
        var path = $"/api/v1/statuses/{s.World.Status("alice_public").Id}";
        foreach (var token in new[] { s.Bob, s.Carol, await s.Client.UserTokenAsync("erin") })
        {
            await CallAsync(s.Client, HttpMethod.Post, path + "/favourite", token);
        }
        await CallAsync(s.Client, HttpMethod.Post, path + "/reblog", s.Carol);

        using var first = await s.Client.GetAsync(path + "/favourited_by?limit=2");
        var page = await ApiClient.ReadJsonAsync(first, HttpStatusCode.OK);
        Assert.Equal(["erin", "carol"], page.EnumerateArray().Select(a => a.GetProperty("username").GetString()));
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", link);
        var next = link.Split(',')[0].Trim().TrimStart('<').Split('>')[0];
        var rest = await CallAsync(s.Client, HttpMethod.Get, new Uri(next).PathAndQuery, null);
        Assert.Equal(["bob"], rest.EnumerateArray().Select(a => a.GetProperty("username").GetString()));

        var boosters = await CallAsync(s.Client, HttpMethod.Get, path + "/reblogged_by", s.Bob);
        Assert.Equal(["carol"], boosters.EnumerateArray().Select(a => a.GetProperty("username").GetString()));
        await AssertErrorAsync(s.Client, HttpMethod.Get, $"/api/v1/statuses/{s.World.Status("alice_followers").Id}/favourited_by", null, HttpStatusCode.NotFound);
    }

    public sealed class Sqlite() : StatusActionsApiTests(TestDatabase.Sqlite);
    public sealed class Postgres() : StatusActionsApiTests(TestDatabase.Postgres);
}
