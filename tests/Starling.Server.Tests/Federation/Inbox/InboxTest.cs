using System.Text.Json.Nodes;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Relationships;
using Starling.Server.Federation.Inbox;
using Account = Starling.Server.Data.Entities.Account;
using Status = Starling.Server.Data.Entities.Status;

namespace Starling.Server.Tests.Federation.Inbox;

/// <summary>
/// Calls inbox handlers directly, as the inbox does once it has verified a delivery: the activity is JSON in the shape
/// Mastodon sends, read by the protocol library, and handed to the handler registered for its type. The remote
/// servers are <see cref="RemoteServers"/>, which answer the instance's fetches.
/// </summary>
public abstract class InboxTest(TestDatabase database) : IntegrationTest(database)
{
    protected const string Public = "https://www.w3.org/ns/activitystreams#Public";

    protected RemoteServers Servers { get; } = new();

    /// <summary>
    /// A server with the standard world (alice, bob, carol, dave locked, erin) whose fetches go to <see cref="Servers"/>,
    /// on a fake clock a minute after the notes below were published.
    /// </summary>
    protected async Task<(TestInstance App, World World)> StartInboxAsync()
    {
        var app = await StartAsync(o => o with { FakeTime = true, ConfigureServices = Servers.Register });
        return (app, await app.CreateStandardWorldAsync());
    }

    protected Task<Account> RemoteAsync(TestInstance app, string handle, bool locked = false, IReadOnlyList<string>? alsoKnownAs = null) =>
        app.AddRemoteAccountAsync(handle, Servers, locked, alsoKnownAs);

    /// <summary>Hands the activity to its type's handler, then runs the jobs it queued (fan-out, notifications).</summary>
    protected static async Task DeliverAsync(TestInstance app, JsonObject activity, Account sender, string? recipient = null)
    {
        await HandleAsync(app, activity, sender, recipient);
        await app.DrainJobsAsync();
    }

    /// <summary>Hands the activity to its type's handler, leaving the jobs it queued in the queue.</summary>
    protected static async Task HandleAsync(TestInstance app, JsonObject activity, Account sender, string? recipient = null)
    {
        var parsed = (Activity)ActivityStreamsJson.Deserialize(activity.ToJsonString());
        await using var scope = app.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<IInboxHandler>(parsed.Type);
        await handler.HandleAsync(parsed, new InboxDelivery(sender, recipient), CancellationToken.None);
    }

    protected static string LocalActor(string username) => $"{TestInstance.PublicUrl}/users/{username}";

    protected static string LocalStatus(World world, string name) =>
        $"{TestInstance.PublicUrl}/users/{world.Status(name).Account.Username}/statuses/{world.Status(name).Id}";

    protected static string Followers(Account account) => account.FollowersUrl!;

    /// <summary>A public Note by the account, addressed as Mastodon addresses one.</summary>
    protected static JsonObject Note(Account author, string id, string content, string? inReplyTo = null) => new()
    {
        ["id"] = id,
        ["type"] = "Note",
        ["attributedTo"] = author.Uri,
        ["content"] = content,
        ["published"] = "2026-01-15T11:59:00Z",
        ["inReplyTo"] = inReplyTo,
        ["to"] = new JsonArray(Public),
        ["cc"] = new JsonArray(author.FollowersUrl),
        ["tag"] = new JsonArray(),
    };

    protected static JsonObject Activity(string type, Account actor, string id, JsonNode? obj) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = id,
        ["type"] = type,
        ["actor"] = actor.Uri,
        ["object"] = obj,
    };

    /// <summary>A Create of the note, with the note's addressing, as Mastodon wraps one.</summary>
    protected static JsonObject Create(Account actor, JsonObject note) => new()
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = $"{note["id"]}/activity",
        ["type"] = "Create",
        ["actor"] = actor.Uri,
        ["published"] = note["published"]?.DeepClone(),
        ["to"] = note["to"]?.DeepClone(),
        ["cc"] = note["cc"]?.DeepClone(),
        ["object"] = note,
    };

    protected static JsonObject Mention(string href, string name) => new() { ["type"] = "Mention", ["href"] = href, ["name"] = name };

    protected static Task<Status?> StatusByUriAsync(TestInstance app, string uri) =>
        app.DbAsync(db => db.Statuses.AsNoTracking().FirstOrDefaultAsync(s => s.Uri == uri));

    protected static Task<List<Notification>> NotificationsAsync(TestInstance app, long accountId) =>
        app.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId).OrderBy(n => n.Id).ToListAsync());

    /// <summary>The types of the activities queued to go out, in order.</summary>
    protected static Task<List<string>> OutboxAsync(TestInstance app) =>
        app.DbAsync(async db => (await db.OutboxActivities.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Json).ToListAsync())
            .Select(json => JsonNode.Parse(json)!["type"]!.GetValue<string>()).ToList());

    /// <summary>The statuses in the reader's home feed.</summary>
    protected static Task<List<long>> HomeAsync(TestInstance app, long readerId) =>
        app.DbAsync(db => db.HomeFeed.Where(e => e.AccountId == readerId).Select(e => e.StatusId).ToListAsync());

    /// <summary>The local account follows the remote one, its Follow accepted.</summary>
    protected static async Task FollowRemoteAsync(TestInstance app, long followerId, Account target)
    {
        await app.UseAsync<FollowAccount>(f => f.FollowAsync(followerId, target.Id));
        await app.UseAsync<AnswerFollowRequest>(a => a.AuthorizeAsync(target.Id, followerId));
        await app.DrainJobsAsync();
    }
}
