using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;

namespace Starling.Server.Tests.Federation.Inbox;

/// <summary>
/// The inbox against a remote server played by a sink: what a valid signed activity becomes (one job, one handler
/// call), and every kind of bad delivery refused with its status and nothing stored.
/// </summary>
public abstract class InboxTests(TestDatabase database) : IntegrationTest(database)
{
    private sealed record Setup(FederationNetwork Network, TestInstance App, InboxSink Remote, RemoteActor Alice, InboxRecorder Recorder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Network.DisposeAsync();
    }

    private async Task<Setup> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var network = new FederationNetwork(Database);
        var recorder = new InboxRecorder();
        var app = await network.StartAsync("local.test", new TestInstanceOptions
        {
            FakeTime = true,
            Settings = settings ?? [],
            ConfigureServices = InboxRecorder.For(recorder),
        });
        await app.World().Users("bob").BuildAsync();
        var remote = network.AddSink("remote.test");
        var alice = new RemoteActor(remote, "alice").Publish();
        return new Setup(network, app, remote, alice, recorder);
    }

    [Fact]
    public async Task A_signed_activity_is_accepted_its_unknown_key_fetched_and_its_handler_called_once_on_the_queue()
    {
        await using var s = await StartAsync();
        var create = s.Alice.Create("Hi bob");

        using var response = await s.Alice.DeliverAsync(s.App, create, "/users/bob/inbox");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(s.Recorder.Handled);
        Assert.Single(s.Remote.FetchesOf(s.Alice.Id));
        var sender = await s.App.DbAsync(db => db.Accounts.SingleAsync(a => a.Uri == s.Alice.Id));
        Assert.Equal(("alice", "remote.test"), (sender.Username, sender.Domain));
        var key = await s.App.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == sender.Id));
        Assert.Equal((s.Alice.KeyId, s.Alice.Key.PublicKeyPem), (key.KeyId, key.PublicKeyPem));

        await s.App.DrainJobsAsync();

        var (activity, delivery) = Assert.Single(s.Recorder.Handled);
        Assert.IsType<Create>(activity);
        Assert.Equal(ActivityStreamsJson.Deserialize(create).Id, activity.Id);
        Assert.Equal(sender.Id, delivery.Sender.Id);
        Assert.Equal("bob", delivery.RecipientUsername);
    }

    [Fact]
    public async Task An_rfc9421_signature_is_verified_too_and_a_known_key_is_not_fetched_again()
    {
        await using var s = await StartAsync();

        using var first = await s.Alice.DeliverAsync(s.App, s.Alice.Create("one"), options: new DeliveryOptions { Scheme = HttpSignatureScheme.Rfc9421 });
        using var second = await s.Alice.DeliverAsync(s.App, s.Alice.Create("two"));
        await s.App.DrainJobsAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(2, s.Recorder.Handled.Count);
        Assert.All(s.Recorder.Handled, h => Assert.Null(h.Delivery.RecipientUsername));
        Assert.Single(s.Remote.FetchesOf(s.Alice.Id));
    }

    [Fact]
    public async Task A_replayed_activity_is_accepted_again_but_processed_once()
    {
        await using var s = await StartAsync();
        var create = s.Alice.Create();

        using var first = await s.Alice.DeliverAsync(s.App, create);
        using var again = await s.Alice.DeliverAsync(s.App, create);
        await s.App.DrainJobsAsync();
        using var later = await s.Alice.DeliverAsync(s.App, create);
        await s.App.DrainJobsAsync();

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { first.StatusCode, again.StatusCode, later.StatusCode });
        Assert.Single(s.Recorder.Handled);
        Assert.Equal(1, await s.App.DbAsync(db => db.ReceivedActivities.CountAsync()));
    }

    [Fact]
    public async Task An_unsigned_delivery_is_refused_with_401_and_nothing_is_stored_or_fetched()
    {
        await using var s = await StartAsync();

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { Unsigned = true });

        await AssertRefusedAsync(s, response, HttpStatusCode.Unauthorized, "not signed");
        Assert.Empty(s.Remote.Received);
    }

    [Fact]
    public async Task A_delivery_signed_with_another_key_than_the_actor_publishes_is_refused_with_401()
    {
        await using var s = await StartAsync();

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });

        await AssertRefusedAsync(s, response, HttpStatusCode.Unauthorized, "does not match");
    }

    [Fact]
    public async Task A_stale_signature_is_refused_with_401()
    {
        await using var s = await StartAsync();
        var twoHoursAgo = new FakeTimeProvider(s.App.Clock!.GetUtcNow().AddHours(-2));

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { Clock = twoHoursAgo });

        await AssertRefusedAsync(s, response, HttpStatusCode.Unauthorized, "minutes ago");
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_digest_is_refused_with_401()
    {
        await using var s = await StartAsync();
        var other = Encoding.UTF8.GetBytes(s.Alice.Create("not what was signed"));

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create("signed"), options: new DeliveryOptions
        {
            AfterSigning = request =>
            {
                var type = request.Content!.Headers.ContentType;
                request.Content = new ByteArrayContent(other);
                request.Content.Headers.ContentType = type;
            },
        });

        await AssertRefusedAsync(s, response, HttpStatusCode.Unauthorized, "does not match");
    }

    [Fact]
    public async Task An_activity_whose_actor_is_not_the_key_owner_is_refused_with_401()
    {
        await using var s = await StartAsync();
        var mallory = new RemoteActor(s.Remote, "mallory", RemoteActor.SharedKey(2)).Publish();
        await s.App.DbAsync(async db => Assert.Equal(0, await db.Accounts.CountAsync(a => a.Domain != null)));

        using var response = await mallory.DeliverAsync(s.App, s.Alice.Create("I am alice"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signed by " + mallory.Id, await response.Content.ReadAsStringAsync());
        await s.App.DrainJobsAsync();
        Assert.Empty(s.Recorder.Handled);
        Assert.Equal(0, await s.App.DbAsync(db => db.ReceivedActivities.CountAsync()));
    }

    [Fact]
    public async Task An_activity_whose_id_is_on_another_host_is_refused_with_400()
    {
        await using var s = await StartAsync();
        var create = s.Alice.Create(id: "https://elsewhere.test/statuses/1");

        using var response = await s.Alice.DeliverAsync(s.App, create);

        await AssertRefusedAsync(s, response, HttpStatusCode.BadRequest, "not on its actor's server");
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400()
    {
        await using var s = await StartAsync();

        using var response = await s.Alice.DeliverAsync(s.App, """{"type":"Create","id":"https://remote.test/x","actor":""");

        await AssertRefusedAsync(s, response, HttpStatusCode.BadRequest, "Not a readable ActivityStreams document");
        Assert.Empty(s.Remote.Received);
    }

    [Fact]
    public async Task Json_nested_a_hundred_deep_is_refused_with_400()
    {
        await using var s = await StartAsync();
        var deep = new StringBuilder("""{"type":"Create","id":"https://remote.test/deep","actor":"https://remote.test/users/alice","object":""");
        for (var i = 0; i < 100; i++)
        {
            deep.Append("""{"type":"Note","content":""");
        }
        deep.Append("\"x\"").Append('}', 101);

        using var response = await s.Alice.DeliverAsync(s.App, deep.ToString());

        await AssertRefusedAsync(s, response, HttpStatusCode.BadRequest, "depth");
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_refused_with_413_before_anything_else()
    {
        await using var s = await StartAsync();
        var body = Encoding.UTF8.GetBytes(s.Alice.Create(new string('a', 10 * 1024 * 1024)));

        using var response = await s.Alice.DeliverAsync(s.App, body);

        await AssertRefusedAsync(s, response, HttpStatusCode.RequestEntityTooLarge, "larger than 1048576 bytes");
        Assert.Empty(s.Remote.Received);
    }

    [Fact]
    public async Task A_rotated_key_is_fetched_again_once_and_then_accepted()
    {
        await using var s = await StartAsync();
        using var before = await s.Alice.DeliverAsync(s.App, s.Alice.Create("old key"));
        s.Alice.RotateKey(RemoteActor.SharedKey(3));

        using var after = await s.Alice.DeliverAsync(s.App, s.Alice.Create("new key"));
        using var again = await s.Alice.DeliverAsync(s.App, s.Alice.Create("new key again"));
        await s.App.DrainJobsAsync();

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { before.StatusCode, after.StatusCode, again.StatusCode });
        Assert.Equal(2, s.Remote.FetchesOf(s.Alice.Id).Count);
        Assert.Equal(3, s.Recorder.Handled.Count);
        var stored = await s.App.DbAsync(db => db.AccountKeys.SingleAsync(k => k.KeyId == s.Alice.KeyId));
        Assert.Equal(RemoteActor.SharedKey(3).PublicKeyPem, stored.PublicKeyPem);
    }

    [Fact]
    public async Task A_bad_signature_with_a_key_that_has_not_changed_is_refused_after_one_refetch_at_most_once_a_minute()
    {
        await using var s = await StartAsync();
        using var before = await s.Alice.DeliverAsync(s.App, s.Alice.Create());

        using var forged = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });
        using var forgedAgain = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });
        var fetchesSoon = s.Remote.FetchesOf(s.Alice.Id).Count;
        s.App.AdvanceTime(TimeSpan.FromMinutes(2));
        using var forgedLater = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { forged.StatusCode, forgedAgain.StatusCode, forgedLater.StatusCode });
        // One refetch for the first failure, none for a second within a minute, one more after it.
        Assert.Equal(2, fetchesSoon);
        Assert.Equal(3, s.Remote.FetchesOf(s.Alice.Id).Count);
    }

    [Fact]
    public async Task A_key_published_in_a_document_of_its_own_is_fetched_and_its_owner_stored()
    {
        await using var s = await StartAsync();
        var keyId = $"{s.Alice.Id}/main-key";
        s.Alice.Document.PublicKey = new PublicKey { Id = keyId, Owner = s.Alice.Id, PublicKeyPem = s.Alice.Key.PublicKeyPem };
        s.Alice.Publish();
        s.Remote.Documents[keyId] = $$"""
            {"@context":"https://w3id.org/security/v1","id":"{{keyId}}","type":"CryptographicKey","owner":"{{s.Alice.Id}}","publicKeyPem":{{System.Text.Json.JsonSerializer.Serialize(s.Alice.Key.PublicKeyPem)}}}
            """;

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), options: new DeliveryOptions { KeyId = keyId });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(s.Remote.FetchesOf(keyId));
        Assert.Equal(keyId, (await s.App.DbAsync(db => db.AccountKeys.SingleAsync(k => k.PublicKeyPem == s.Alice.Key.PublicKeyPem))).KeyId);
    }

    [Fact]
    public async Task A_key_that_cannot_be_fetched_is_refused_with_401()
    {
        await using var s = await StartAsync();
        s.Remote.Documents.Clear();

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create());

        await AssertRefusedAsync(s, response, HttpStatusCode.Unauthorized, "could not be fetched");
        Assert.Single(s.Remote.FetchesOf(s.Alice.Id));
    }

    [Fact]
    public async Task A_suspended_server_is_refused_with_403_without_fetching_its_key()
    {
        await using var s = await StartAsync();
        await s.App.DbAsync(db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "remote.test", Severity = DomainBlockSeverity.Suspend });
            return db.SaveChangesAsync();
        });

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create());

        await AssertRefusedAsync(s, response, HttpStatusCode.Forbidden, "suspended");
        Assert.Empty(s.Remote.Received);
    }

    [Fact]
    public async Task An_inbox_of_nobody_answers_404()
    {
        await using var s = await StartAsync();

        using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), "/users/nobody/inbox");

        await AssertRefusedAsync(s, response, HttpStatusCode.NotFound, "no account");
    }

    [Fact]
    public async Task An_activity_of_a_type_without_a_handler_is_accepted_and_dropped()
    {
        await using var s = await StartAsync();
        var read = $$"""{"@context":"https://www.w3.org/ns/activitystreams","id":"{{s.Alice.Id}}/reads/1","type":"Read","actor":"{{s.Alice.Id}}","object":"https://local.test/users/bob"}""";

        using var response = await s.Alice.DeliverAsync(s.App, read);
        await s.App.DrainJobsAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(s.Recorder.Handled);
        Assert.Equal(0, await s.App.DbAsync(db => db.ReceivedActivities.CountAsync()));
        Assert.Equal(0, await s.App.DbAsync(db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task A_handler_that_fails_leaves_the_job_to_be_retried_and_one_that_finds_the_activity_invalid_drops_it()
    {
        await using var s = await StartAsync();
        s.Recorder.Fail = activity => activity.Id!.Contains("broken", StringComparison.Ordinal)
            ? new InvalidOperationException("the database went away")
            : new Starling.Server.Federation.Inbox.InvalidActivityException("a reply to nothing");

        await s.Alice.DeliverAsync(s.App, s.Alice.Create(id: $"{s.Alice.Id}/statuses/broken"));
        await s.Alice.DeliverAsync(s.App, s.Alice.Create(id: $"{s.Alice.Id}/statuses/invalid"));
        await s.App.DrainJobsAsync();

        var left = await s.App.DbAsync(db => db.Jobs.ToListAsync());
        var job = Assert.Single(left);
        Assert.Contains("statuses/broken", job.Payload);
        Assert.Equal(1, job.Attempts);

        s.Recorder.Fail = _ => null;
        s.App.AdvanceTime(TimeSpan.FromHours(1));
        await s.App.DrainJobsAsync();
        Assert.Contains(s.Recorder.Handled, h => h.Activity.Id!.Contains("statuses/broken", StringComparison.Ordinal));
        Assert.Equal(0, await s.App.DbAsync(db => db.Jobs.CountAsync()));
    }

    [Fact]
    public async Task Deliveries_from_one_address_beyond_the_inbox_limit_are_refused_with_429()
    {
        await using var s = await StartAsync(new Dictionary<string, string?>
        {
            ["Starling:RateLimits:Inbox:Requests"] = "2",
            ["Starling:RateLimits:Inbox:WindowSeconds"] = "300",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await s.Alice.DeliverAsync(s.App, s.Alice.Create(), i % 2 == 0 ? "/inbox" : "/users/bob/inbox");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>The refusal's status and reason, and that nothing was recorded or queued.</summary>
    private static async Task AssertRefusedAsync(Setup s, HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(reason, body, StringComparison.OrdinalIgnoreCase);
        await s.App.DrainJobsAsync();
        Assert.Empty(s.Recorder.Handled);
        Assert.Equal(0, await s.App.DbAsync(db => db.ReceivedActivities.CountAsync()));
        Assert.Equal(0, await s.App.DbAsync(db => db.Jobs.CountAsync()));
    }

    public sealed class Sqlite() : InboxTests(TestDatabase.Sqlite);
    public sealed class Postgres() : InboxTests(TestDatabase.Postgres);
}
