using System.Text.Json;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>The fields of a status that clients are most particular about, checked one by one.</summary>
public abstract class StatusRendererTests(TestDatabase database) : IntegrationTest(database)
{
    private static readonly string[] ViewerFlags = ["favourited", "reblogged", "muted", "bookmarked", "filtered"];

    private static async Task<JsonElement> RenderAsync(TestInstance app, long statusId, long? viewerId, bool sourceRequested = false)
    {
        var view = await app.UseAsync<StatusLoader, StatusView?>(loader => loader.LoadOneAsync(statusId, viewerId, default))
            ?? throw new InvalidOperationException($"Status {statusId} did not load.");
        return EntityJson.Parse(app.Services.GetRequiredService<StatusRenderer>().Render(view, viewerId, sourceRequested));
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    [Fact]
    public async Task A_boost_carries_the_boosted_status_and_has_no_content_of_its_own()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("original", "alice", "Look at #starlings, @bob", contentWarning: "birds")
            .Boost("boost", "carol", "original")
            .Favourite("bob", "original")
            .BuildAsync();
        var boost = world.Status("boost");

        var json = await RenderAsync(app, boost.Id, world.Id("bob"));

        Assert.Equal(EntityIds.Of(boost.Id), Text(json, "id"));
        Assert.Equal("carol", Text(json.GetProperty("account"), "acct"));
        Assert.Equal("", Text(json, "content"));
        Assert.Equal("", Text(json, "spoiler_text"));
        Assert.False(json.GetProperty("sensitive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("language").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("in_reply_to_id").ValueKind);
        Assert.Equal(0, json.GetProperty("mentions").GetArrayLength());
        Assert.Equal(0, json.GetProperty("tags").GetArrayLength());
        Assert.Equal($"{TestInstance.PublicUrl}/users/carol/statuses/{boost.Id}/activity", Text(json, "uri"));
        Assert.Equal(Text(json, "uri"), Text(json, "url"));

        var reblog = json.GetProperty("reblog");
        Assert.Equal(EntityIds.Of(world.Status("original").Id), Text(reblog, "id"));
        Assert.Equal("alice", Text(reblog.GetProperty("account"), "acct"));
        Assert.Contains("Look at", Text(reblog, "content"));
        Assert.Equal("birds", Text(reblog, "spoiler_text"));
        Assert.True(reblog.GetProperty("sensitive").GetBoolean());
        Assert.Equal(["bob"], reblog.GetProperty("mentions").EnumerateArray().Select(m => Text(m, "acct")));
        Assert.Equal(["starlings"], reblog.GetProperty("tags").EnumerateArray().Select(t => Text(t, "name")));
        Assert.Equal(JsonValueKind.Null, reblog.GetProperty("reblog").ValueKind);
        Assert.Equal(1, reblog.GetProperty("reblogs_count").GetInt32());

        // The viewer's marks belong to the boosted status; the boost itself is never favourited or pinned.
        Assert.True(reblog.GetProperty("favourited").GetBoolean());
        Assert.False(json.GetProperty("favourited").GetBoolean());
        Assert.False(json.Has("pinned"));
        var forBooster = await RenderAsync(app, boost.Id, world.Id("carol"));
        Assert.True(forBooster.GetProperty("reblog").GetProperty("reblogged").GetBoolean());
        Assert.False(forBooster.GetProperty("reblogged").GetBoolean());
    }

    [Fact]
    public async Task Anonymous_viewers_get_no_viewer_flags_even_inside_a_boost()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "carol")
            .Post("original", "alice", "Hello")
            .Boost("boost", "carol", "original")
            .Pin("alice", "original")
            .BuildAsync();

        var json = await RenderAsync(app, world.Status("boost").Id, null);

        foreach (var flag in ViewerFlags.Append("pinned"))
        {
            Assert.False(json.Has(flag), $"An anonymous viewer got '{flag}'.");
            Assert.False(json.GetProperty("reblog").Has(flag), $"An anonymous viewer got '{flag}' on the boosted status.");
        }
        var signedIn = await RenderAsync(app, world.Status("boost").Id, world.Id("carol"));
        Assert.All(ViewerFlags, flag => Assert.True(signedIn.Has(flag) && signedIn.GetProperty("reblog").Has(flag), flag));
        Assert.Equal(0, signedIn.GetProperty("filtered").GetArrayLength());
        Assert.False(signedIn.GetProperty("muted").GetBoolean());
    }

    [Fact]
    public async Task Pinned_is_sent_only_on_the_viewers_own_pinnable_posts()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("pinned", "alice", "Pinned")
            .Post("unpinned", "alice", "Not pinned", Visibility.Private)
            .Post("direct", "alice", "@bob psst", Visibility.Direct)
            .Pin("alice", "pinned")
            .BuildAsync();
        var alice = world.Id("alice");

        Assert.True((await RenderAsync(app, world.Status("pinned").Id, alice)).GetProperty("pinned").GetBoolean());
        Assert.False((await RenderAsync(app, world.Status("unpinned").Id, alice)).GetProperty("pinned").GetBoolean());
        Assert.False((await RenderAsync(app, world.Status("direct").Id, alice)).Has("pinned"));
        Assert.False((await RenderAsync(app, world.Status("pinned").Id, world.Id("bob"))).Has("pinned"));
    }

    [Fact]
    public async Task A_content_warning_becomes_spoiler_text_and_marks_the_status_sensitive()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice")
            .Post("warned", "alice", "The ending", contentWarning: "Spoilers: the film")
            .Post("plain", "alice", "Nothing to hide")
            .BuildAsync();

        var warned = await RenderAsync(app, world.Status("warned").Id, null);
        Assert.Equal("Spoilers: the film", Text(warned, "spoiler_text"));
        Assert.True(warned.GetProperty("sensitive").GetBoolean());
        Assert.Equal("<p>The ending</p>", Text(warned, "content"));

        var plain = await RenderAsync(app, world.Status("plain").Id, null);
        Assert.Equal("", Text(plain, "spoiler_text"));
        Assert.False(plain.GetProperty("sensitive").GetBoolean());
    }

    [Theory]
    [InlineData(Visibility.Public, "public")]
    [InlineData(Visibility.Unlisted, "unlisted")]
    [InlineData(Visibility.Private, "private")]
    [InlineData(Visibility.Direct, "direct")]
    public async Task Visibilities_have_Mastodons_names(Visibility visibility, string name)
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "@bob hello", visibility).BuildAsync();

        Assert.Equal(name, Text(await RenderAsync(app, world.Status("post").Id, world.Id("alice")), "visibility"));
    }

    [Fact]
    public async Task Edited_at_is_null_until_the_first_edit_and_then_the_time_of_the_last_one()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().User("alice").Post("post", "alice", "First").BuildAsync();
        var id = world.Status("post").Id;

        var before = await RenderAsync(app, id, null);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("edited_at").ValueKind);
        Assert.Equal("2026-01-15T12:00:00.000Z", Text(before, "created_at"));

        app.AdvanceTime(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(250));
        await app.UseAsync<EditStatus, Status>(edit => edit.EditAsync(world.Id("alice"), id, "Second", null, false));

        var after = await RenderAsync(app, id, null);
        Assert.Equal("2026-01-15T12:05:00.250Z", Text(after, "edited_at"));
        Assert.Equal("2026-01-15T12:00:00.000Z", Text(after, "created_at"));
        Assert.Equal("<p>Second</p>", Text(after, "content"));
    }

    [Fact]
    public async Task Asking_for_the_source_sends_the_typed_text_instead_of_the_html()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").Post("post", "alice", "Read #this").BuildAsync();

        var json = await RenderAsync(app, world.Status("post").Id, world.Id("alice"), sourceRequested: true);

        Assert.Equal("Read #this", Text(json, "text"));
        Assert.False(json.Has("content"));
        Assert.False((await RenderAsync(app, world.Status("post").Id, world.Id("alice"))).Has("text"));
    }

    [Fact]
    public async Task Remote_authors_and_mentions_carry_user_at_host_as_acct()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice").Post("post", "alice", "Hi there").BuildAsync();
        var zoe = await RemoteAccounts.AddAsync(app, "Zoe", "remote.example:8443");
        var remote = await RemoteAccounts.PostAsync(app, zoe, "<p>From afar</p>");
        await RemoteAccounts.MentionAsync(app, world.Status("post"), zoe);

        var remoteJson = await RenderAsync(app, remote.Id, world.Id("alice"));
        Assert.Equal("Zoe@remote.example:8443", Text(remoteJson.GetProperty("account"), "acct"));
        Assert.Equal("Zoe", Text(remoteJson.GetProperty("account"), "username"));
        Assert.Equal($"{TestInstance.PublicUrl}/@Zoe@remote.example:8443/{remote.Id}", Text(remoteJson, "url"));

        var mention = Assert.Single((await RenderAsync(app, world.Status("post").Id, null)).GetProperty("mentions").EnumerateArray());
        Assert.Equal("Zoe@remote.example:8443", Text(mention, "acct"));
        Assert.Equal(EntityIds.Of(zoe.Id), Text(mention, "id"));
        Assert.Equal($"{TestInstance.PublicUrl}/@Zoe@remote.example:8443", Text(mention, "url"));
    }

    public sealed class Sqlite() : StatusRendererTests(TestDatabase.Sqlite);

    public sealed class Postgres() : StatusRendererTests(TestDatabase.Postgres);
}
