using System.Text.Json.Nodes;

namespace Starling.Server.Tests.Federation.Inbox.Handlers;

public abstract class UpdateHandlerTests(TestDatabase database) : InboxTest(database)
{
    private const string NoteId = "https://remote.example/users/mallory/statuses/1";

    private async Task<(TestInstance App, World World, Account Mallory)> StartWithPostAsync(JsonObject? note = null)
    {
        var (app, world) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        await FollowRemoteAsync(app, world.Id("bob"), mallory);
        await DeliverAsync(app, Create(mallory, note ?? Note(mallory, NoteId, "<p>first words</p>")), mallory);
        return (app, world, mallory);
    }

    [Fact]
    public async Task An_edit_by_its_author_changes_the_post_and_keeps_both_versions()
    {
        var (app, _, mallory) = await StartWithPostAsync();
        var edited = Note(mallory, NoteId, "<p>better words</p>");
        edited["updated"] = "2026-01-15T11:59:30Z";
        edited["summary"] = "now with a warning";

        await DeliverAsync(app, Activity("Update", mallory, $"{NoteId}#updates/1", edited), mallory);
        await DeliverAsync(app, Activity("Update", mallory, $"{NoteId}#updates/1", (JsonObject)edited.DeepClone()), mallory);

        var status = await StatusByUriAsync(app, NoteId);
        Assert.Equal("<p>better words</p>", status!.ContentHtml);
        Assert.Equal("now with a warning", status.SpoilerText);
        Assert.True(status.Sensitive);
        Assert.Equal(new DateTime(2026, 1, 15, 11, 59, 30, DateTimeKind.Utc), status.EditedAt);
        var history = await app.DbAsync(db => db.StatusEdits.Where(e => e.StatusId == status.Id).OrderBy(e => e.Id).Select(e => e.ContentHtml).ToListAsync());
        Assert.Equal(["<p>first words</p>", "<p>better words</p>"], history);
    }

    [Fact]
    public async Task An_edit_by_someone_else_is_refused()
    {
        var (app, _, mallory) = await StartWithPostAsync();
        var trent = await RemoteAsync(app, "trent@remote.example");
        var claimedAsMallorys = Note(mallory, NoteId, "<p>forged by trent</p>");
        var claimedAsTrents = Note(trent, NoteId, "<p>taken over by trent</p>");

        await DeliverAsync(app, Activity("Update", trent, $"{NoteId}#forged/1", claimedAsMallorys), trent);
        await DeliverAsync(app, Activity("Update", trent, $"{NoteId}#forged/2", claimedAsTrents), trent);

        var status = await StatusByUriAsync(app, NoteId);
        Assert.Equal("<p>first words</p>", status!.ContentHtml);
        Assert.Null(status.EditedAt);
    }

    [Fact]
    public async Task New_poll_counts_update_the_poll_without_counting_as_an_edit()
    {
        var question = new JsonObject
        {
            ["id"] = NoteId,
            ["type"] = "Question",
            ["attributedTo"] = "https://remote.example/users/mallory",
            ["content"] = "<p>Soup or salad?</p>",
            ["published"] = "2026-01-15T11:59:00Z",
            ["endTime"] = "2026-01-16T12:00:00Z",
            ["to"] = new JsonArray(Public),
            ["oneOf"] = new JsonArray(Option("Soup", 0), Option("Salad", 0)),
        };
        var (app, _, mallory) = await StartWithPostAsync(question);
        var counted = (JsonObject)question.DeepClone();
        counted["oneOf"] = new JsonArray(Option("Soup", 5), Option("Salad", 2));
        counted["votersCount"] = 7;

        await DeliverAsync(app, Activity("Update", mallory, $"{NoteId}#updates/poll", counted), mallory);

        var status = await StatusByUriAsync(app, NoteId);
        var poll = await app.DbAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.StatusId == status!.Id));
        Assert.Equal([5, 2], poll.Tallies);
        Assert.Equal(7, poll.VotersCount);
        Assert.Null(status!.EditedAt);
        Assert.False(await app.DbAsync(db => db.StatusEdits.AnyAsync(e => e.StatusId == status.Id)));
    }

    [Fact]
    public async Task A_profile_is_refreshed_from_the_actor_itself_only()
    {
        var (app, _) = await StartInboxAsync();
        var mallory = await RemoteAsync(app, "mallory@remote.example");
        var trent = await RemoteAsync(app, "trent@remote.example");
        var renamed = RemoteAccountSetup.ActorDocument("mallory@remote.example", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
        renamed.Name = "Mallory the Renamed";
        var person = JsonNode.Parse(Starling.ActivityPub.Json.ActivityStreamsJson.Serialize(renamed))!.AsObject();
        person.Remove("@context");

        await DeliverAsync(app, Activity("Update", trent, "https://remote.example/users/trent#updates/1", person.DeepClone()), trent);
        Assert.Equal("mallory", (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == mallory.Id))).DisplayName);

        await DeliverAsync(app, Activity("Update", mallory, "https://remote.example/users/mallory#updates/1", person), mallory);
        Assert.Equal("Mallory the Renamed", (await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == mallory.Id))).DisplayName);
    }

    private static JsonObject Option(string name, int votes) => new()
    {
        ["type"] = "Note",
        ["name"] = name,
        ["replies"] = new JsonObject { ["type"] = "Collection", ["totalItems"] = votes },
    };

    public sealed class Sqlite() : UpdateHandlerTests(TestDatabase.Sqlite);
    public sealed class Postgres() : UpdateHandlerTests(TestDatabase.Postgres);
}
