using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Notifications;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Features.Tags;
using Starling.Server.Features.Timelines;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>
/// The JSON of each main entity, rendered from a world built through the real use cases and compared with the golden
/// files in Golden/ (ids, times and the host normalized). The same files hold for SQLite and PostgreSQL.
/// </summary>
public abstract class EntityGoldenTests(TestDatabase database) : IntegrationTest(database)
{
    /// <summary>The standard world, a minute later some interaction, and an edit after another minute.</summary>
    private async Task<(TestInstance App, World World)> StartWorldAsync()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Standard()
            .Wait(TimeSpan.FromMinutes(1))
            .Boost("carol_boost", "carol", "alice_public")
            .Favourite("bob", "alice_public")
            .Bookmark("bob", "alice_public")
            .Pin("alice", "alice_public")
            .Post("bob_cw", "bob", "Spoilers for #StarlingDev inside", contentWarning: "Film spoilers")
            .Wait(TimeSpan.FromMinutes(1))
            .Edit("bob_cw", "Spoilers for #StarlingDev, now with more detail", contentWarning: "Film spoilers")
            .BuildAsync();
        return (app, world);
    }

    private static Task<StatusView> LoadAsync(TestInstance app, World world, string status, long? viewer) =>
        app.UseAsync<StatusLoader, StatusView>(async loader => (await loader.LoadOneAsync(world.Status(status).Id, viewer, default))!);

    [Fact]
    public async Task Accounts_and_relationships()
    {
        var (app, world) = await StartWorldAsync();
        var accounts = app.Services.GetRequiredService<AccountRenderer>();
        var alice = await world.ReloadAccountAsync("alice");
        var dave = await world.ReloadAccountAsync("dave");
        var requests = await app.UseAsync<AccountQueries, int>(q => q.FollowRequestCountAsync(dave.Id));
        var relationships = await app.UseAsync<RelationshipQueries, IReadOnlyDictionary<long, Relationship>>(q =>
            q.ForAsync(world.Id("bob"), [world.Id("alice"), world.Id("dave"), world.Id("erin")], default));
        var familiar = await app.UseAsync<RelationshipQueries, IReadOnlyDictionary<long, IReadOnlyList<Account>>>(q =>
            q.FamiliarFollowersAsync(world.Id("carol"), [world.Id("alice")], default));

        EntityJson.AssertGolden(accounts.Render(alice), "Account.json");
        EntityJson.AssertGolden(accounts.RenderCredential(dave, world.User("dave"), requests), "CredentialAccount.json");
        EntityJson.AssertGolden(app.Services.GetRequiredService<RelationshipRenderer>().Render(relationships.Values), "Relationships.json");
        EntityJson.AssertGolden(accounts.RenderFamiliarFollowers(world.Id("alice"), familiar[world.Id("alice")]), "FamiliarFollowers.json");
    }

    [Fact]
    public async Task Statuses_for_a_signed_in_viewer_and_an_anonymous_one()
    {
        var (app, world) = await StartWorldAsync();
        var statuses = app.Services.GetRequiredService<StatusRenderer>();
        var bob = world.Id("bob");

        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "alice_public", bob), bob), "Status.json");
        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "alice_public", null), null), "Status.anonymous.json");
        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "alice_public", world.Id("alice")), world.Id("alice")), "Status.own.json");
        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "carol_boost", bob), bob), "Status.boost.json");
        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "bob_reply", bob), bob), "Status.reply.json");
        EntityJson.AssertGolden(statuses.Render(await LoadAsync(app, world, "bob_cw", bob), bob), "Status.edited.json");
    }

    [Fact]
    public async Task Thread_context_history_and_source()
    {
        var (app, world) = await StartWorldAsync();
        var statuses = app.Services.GetRequiredService<StatusRenderer>();
        var bob = world.Id("bob");
        var thread = await app.UseAsync<ThreadQueries, StatusThread>(q => q.ThreadAsync(bob, world.Status("bob_reply").Id));
        var history = await app.UseAsync<EditStatus, IReadOnlyList<StatusEdit>>(e => e.HistoryAsync(world.Status("bob_cw").Id, bob));

        EntityJson.AssertGolden(statuses.RenderContext(thread, bob), "Context.json");
        EntityJson.AssertGolden(statuses.RenderHistory(await world.ReloadAccountAsync("bob"), history), "StatusEdits.json");
        EntityJson.AssertGolden(statuses.RenderSource(await world.ReloadStatusAsync("bob_cw")), "StatusSource.json");
    }

    [Fact]
    public async Task Conversations_and_search_results()
    {
        var (app, world) = await StartWorldAsync();
        var bob = world.Id("bob");
        var direct = await LoadAsync(app, world, "alice_direct_bob", bob);
        var statuses = app.Services.GetRequiredService<StatusRenderer>();
        var tags = await app.DbAsync(db => db.Tags.AsNoTracking().Where(t => t.Name == "starling").ToListAsync());
        var history = await app.UseAsync<TagQueries, IReadOnlyDictionary<long, IReadOnlyList<TagDay>>>(q => q.HistoryAsync([tags[0].Id]));

        EntityJson.AssertGolden(app.Services.GetRequiredService<ConversationRenderer>()
            .Render(direct.Status.ConversationId, unread: true, [await world.ReloadAccountAsync("alice"), await world.ReloadAccountAsync("bob")], direct, bob), "Conversation.json");
        EntityJson.AssertGolden(new SearchEntity
        {
            Accounts = app.Services.GetRequiredService<AccountRenderer>().Render([await world.ReloadAccountAsync("alice")]),
            Statuses = [statuses.Render(await LoadAsync(app, world, "alice_public", bob), bob)],
            Hashtags = [app.Services.GetRequiredService<TagRenderer>().Render(tags[0], history[tags[0].Id], following: false)],
        }, "Search.json");
    }

    [Fact]
    public async Task Notifications_and_markers()
    {
        var (app, world) = await StartWorldAsync();
        var alice = world.Id("alice");
        var page = await app.UseAsync<NotificationQueries, NotificationPage>(q => q.ListAsync(alice, PageRequest.Default));
        await app.UseAsync<NotificationQueries>(q => q.MarkAllReadAsync(alice));
        var markers = await app.DbAsync(db => db.Markers.AsNoTracking().Where(m => m.AccountId == alice).ToListAsync());

        EntityJson.AssertGolden(app.Services.GetRequiredService<NotificationRenderer>().Render(page.Items, alice), "Notifications.json");
        EntityJson.AssertGolden(app.Services.GetRequiredService<MarkerRenderer>().Render(markers), "Markers.json");
    }

    [Fact]
    public async Task Tags_with_their_week_of_use()
    {
        var (app, world) = await StartWorldAsync();
        var tags = await app.DbAsync(db => db.Tags.AsNoTracking().OrderBy(t => t.Name).ToListAsync());
        var history = await app.UseAsync<TagQueries, IReadOnlyDictionary<long, IReadOnlyList<TagDay>>>(q => q.HistoryAsync(tags.Select(t => t.Id).ToList()));
        var renderer = app.Services.GetRequiredService<TagRenderer>();

        EntityJson.AssertGolden(tags.Select(t => renderer.Render(t, history[t.Id], following: false)).ToList(), "Tags.json");
    }

    public sealed class Sqlite() : EntityGoldenTests(TestDatabase.Sqlite);

    public sealed class Postgres() : EntityGoldenTests(TestDatabase.Postgres);
}
