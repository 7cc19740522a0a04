using System.Text.Json;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;

namespace Starling.Server.Tests.Api.Entities;

public abstract class AccountRendererTests(TestDatabase database) : IntegrationTest(database)
{
    private static JsonElement Render(TestInstance app, Account account) =>
        EntityJson.Parse(app.Services.GetRequiredService<AccountRenderer>().Render(account));

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    [Fact]
    public async Task Created_at_is_rounded_to_midnight_and_last_status_at_is_a_date()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Hello").BuildAsync();

        var alice = Render(app, await world.ReloadAccountAsync("alice"));
        Assert.Equal("2026-01-15T00:00:00.000Z", Text(alice, "created_at"));
        Assert.Equal("2026-01-15", Text(alice, "last_status_at"));
        Assert.Equal(JsonValueKind.Null, Render(app, await world.ReloadAccountAsync("bob")).GetProperty("last_status_at").ValueKind);
    }

    [Fact]
    public async Task A_local_account_links_to_its_profile_and_shows_the_default_pictures()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", displayName: "Alice A.").BuildAsync();
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(Note: "I like #birds", Bot: true)));

        var json = Render(app, await world.ReloadAccountAsync("alice"));

        Assert.Equal("alice", Text(json, "acct"));
        Assert.Equal("Alice A.", Text(json, "display_name"));
        Assert.True(json.GetProperty("bot").GetBoolean());
        Assert.Contains("class=\"mention hashtag\"", Text(json, "note"));
        Assert.Equal($"{TestInstance.PublicUrl}/@alice", Text(json, "url"));
        Assert.Equal($"{TestInstance.PublicUrl}/users/alice", Text(json, "uri"));
        Assert.Equal($"{TestInstance.PublicUrl}/avatars/original/missing.png", Text(json, "avatar"));
        Assert.Equal(Text(json, "avatar"), Text(json, "avatar_static"));
        Assert.Equal($"{TestInstance.PublicUrl}/headers/original/missing.png", Text(json, "header"));
        Assert.False(json.GetProperty("noindex").GetBoolean());
        Assert.Equal(0, json.GetProperty("roles").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("moved").ValueKind);
        Assert.False(json.Has("memorial") || json.Has("suspended") || json.Has("limited"));
    }

    [Fact]
    public async Task The_default_avatar_and_header_are_served()
    {
        var app = await StartAsync();
        using var client = app.CreateClient();

        foreach (var path in new[] { "/avatars/original/missing.png", "/headers/original/missing.png" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}.");
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        }
    }

    [Fact]
    public async Task A_remote_account_has_user_at_host_as_acct_and_none_of_the_local_only_fields()
    {
        var app = await StartAsync();
        var zoe = await RemoteAccounts.AddAsync(app, "zoe", "remote.example:8443");

        var json = Render(app, zoe);

        Assert.Equal("zoe", Text(json, "username"));
        Assert.Equal("zoe@remote.example:8443", Text(json, "acct"));
        Assert.Equal($"{TestInstance.PublicUrl}/@zoe@remote.example:8443", Text(json, "url"));
        Assert.False(json.Has("noindex"));
        Assert.False(json.Has("roles"));
    }

    [Fact]
    public async Task The_credential_account_carries_the_typed_bio_pending_requests_and_the_users_role()
    {
        var app = await StartAsync();
        var world = await app.World().User("alice", admin: true).User("bob").User("dave", locked: true)
            .Follow("alice", "dave").Follow("bob", "dave")
            .BuildAsync();
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("dave"), new ProfileChanges(Note: "Hello #world")));
        var renderer = app.Services.GetRequiredService<AccountRenderer>();

        var dave = EntityJson.Parse(renderer.RenderCredential(await world.ReloadAccountAsync("dave"), world.User("dave"), followRequestsCount: 2));
        var source = dave.GetProperty("source");
        Assert.Equal("Hello #world", Text(source, "note"));
        Assert.Contains("<a href=", Text(dave, "note"));
        Assert.Equal(2, source.GetProperty("follow_requests_count").GetInt32());
        Assert.Equal("public", Text(source, "privacy"));
        Assert.Equal("", Text(dave.GetProperty("role"), "name"));
        Assert.Equal("0", Text(dave.GetProperty("role"), "permissions"));

        var alice = EntityJson.Parse(renderer.RenderCredential(await world.ReloadAccountAsync("alice"), world.User("alice"), 0));
        Assert.Equal("Admin", Text(alice.GetProperty("role"), "name"));
        Assert.Equal("1", Text(alice.GetProperty("role"), "permissions"));
        Assert.Throws<ArgumentException>(() => renderer.RenderCredential(world.Account("alice"), world.User("bob"), 0));
    }

    [Fact]
    public async Task A_suspended_account_is_marked_and_its_profile_withheld()
    {
        var app = await StartAsync();
        var world = await app.World().User("bob", displayName: "Bob").BuildAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("bob"));

        var json = Render(app, await world.ReloadAccountAsync("bob"));

        Assert.True(json.GetProperty("suspended").GetBoolean());
        Assert.Equal("", Text(json, "display_name"));
        Assert.Equal("", Text(json, "note"));
    }

    [Fact]
    public async Task A_muted_account_says_when_its_mute_ends()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob", "carol").Mute("alice", "carol").BuildAsync();
        await app.UseAsync<MuteAccount>(m => m.MuteAsync(world.Id("alice"), world.Id("bob"), duration: TimeSpan.FromHours(1)));
        var relationships = await app.UseAsync<RelationshipQueries, IReadOnlyDictionary<long, Relationship>>(q =>
            q.ForAsync(world.Id("alice"), [world.Id("bob"), world.Id("carol")], default));
        var renderer = app.Services.GetRequiredService<AccountRenderer>();

        var bob = EntityJson.Parse(renderer.RenderMuted(world.Account("bob"), relationships[world.Id("bob")].MuteExpiresAt));
        var carol = EntityJson.Parse(renderer.RenderMuted(world.Account("carol"), relationships[world.Id("carol")].MuteExpiresAt));

        Assert.Equal("2026-01-15T13:00:00.000Z", Text(bob, "mute_expires_at"));
        Assert.Equal("bob", Text(bob, "acct"));
        Assert.Equal(JsonValueKind.Null, carol.GetProperty("mute_expires_at").ValueKind);
    }

    public sealed class Sqlite() : AccountRendererTests(TestDatabase.Sqlite);

    public sealed class Postgres() : AccountRendererTests(TestDatabase.Postgres);
}
