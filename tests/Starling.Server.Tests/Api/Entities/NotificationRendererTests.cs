using System.Text.Json;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Features.Notifications;

namespace Starling.Server.Tests.Api.Entities;

public abstract class NotificationRendererTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task Each_kind_of_notification_has_its_Mastodon_type_and_only_status_kinds_carry_a_status()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol").User("dave", locked: true)
            .Post("post", "alice", "Alice's post")
            .Post("mention", "bob", "Hey @alice")
            .Post("reply", "carol", "Nice one", replyTo: "post")
            .Follow("bob", "alice")
            .Follow("alice", "dave")
            .Favourite("carol", "post")
            .Boost("boost", "bob", "post")
            .BuildAsync();
        var renderer = app.Services.GetRequiredService<NotificationRenderer>();

        var alice = await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(world.Id("alice"), PageRequest.Default));
        var dave = await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(world.Id("dave"), PageRequest.Default));
        var json = EntityJson.Parse(renderer.Render(alice.Items, world.Id("alice")).Concat(renderer.Render(dave.Items, world.Id("dave"))));

        var rendered = json.EnumerateArray()
            .Select(n => (Type: n.GetProperty("type").GetString(), From: n.GetProperty("account").GetProperty("acct").GetString(),
                Status: n.TryGetProperty("status", out var s) ? s.GetProperty("id").GetString() : null))
            .ToList();
        string Id(string name) => EntityIds.Of(world.Status(name).Id);
        Assert.Equal(
            [("reblog", "bob", Id("post")), ("favourite", "carol", Id("post")), ("follow", "bob", null), ("mention", "carol", Id("reply")),
             ("mention", "bob", Id("mention")), ("follow_request", "alice", null)],
            rendered);
        Assert.All(json.EnumerateArray(), n => Assert.Equal($"ungrouped-{n.GetProperty("id").GetString()}", n.GetProperty("group_key").GetString()));
    }

    [Fact]
    public async Task A_notification_about_a_status_that_did_not_load_is_left_out()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        var lost = new NotificationView(
            new Notification { Id = 42, AccountId = world.Id("alice"), FromAccountId = world.Id("bob"), Type = NotificationType.Favourite, StatusId = 7 },
            world.Account("bob"), Status: null, Unread: true);
        var follow = lost with { Notification = new Notification { Id = 43, AccountId = world.Id("alice"), FromAccountId = world.Id("bob"), Type = NotificationType.Follow } };
        var renderer = app.Services.GetRequiredService<NotificationRenderer>();

        Assert.Null(renderer.Render(lost, world.Id("alice")));
        Assert.Equal(["43"], renderer.Render([lost, follow], world.Id("alice")).Select(n => n.Id));
    }

    public sealed class Sqlite() : NotificationRendererTests(TestDatabase.Sqlite);

    public sealed class Postgres() : NotificationRendererTests(TestDatabase.Postgres);
}
