using System.Net;
using System.Text.Json;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.Processes;

/// <summary>
/// Two real Starling servers, each a process of its own on a loopback port with its own database and background
/// workers, federating over real sockets. The test does what two people would do in their apps, through the Mastodon
/// API alone, and waits (with a deadline) for what the other server should come to show.
/// </summary>
public sealed class TwoServerTests(ITestOutputHelper output)
{
    // Plain http on loopback is how these servers reach each other; production refuses both.
    private static readonly Dictionary<string, string> Settings = new() { ["Starling:Federation:AllowPrivateAddresses"] = "true" };

    // Only bounds a server that never gets there; a loaded machine can take many seconds per hop.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Two_servers_federate_a_follow_a_post_a_reply_a_like_a_boost_and_a_delete() => await RunAsync(TestDatabase.Sqlite);

    [Fact]
    public async Task Two_servers_on_postgresql_federate_the_same_way() => await RunAsync(TestDatabase.Postgres);

    [Fact]
    public async Task A_server_killed_while_its_peer_posts_shows_every_post_once_after_it_starts_again() => await RunAsync(TestDatabase.Sqlite, OutageAsync);

    private Task RunAsync(TestDatabase database) => RunAsync(database, FederateAsync);

    private async Task RunAsync(TestDatabase database, Func<StarlingServer, StarlingServer, Task> scenario)
    {
        var settings = new Dictionary<string, string>(Settings)
        {
            // Failed deliveries are logged at this level; the outage waits for one.
            ["Logging:LogLevel:Starling.Server.Federation.Deliveries.DeliveryRunner"] = "Information",
        };
        var starting = new[] { StarlingServer.StartAsync(settings: settings, database: database), StarlingServer.StartAsync(settings: settings, database: database) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
        await using var a = starting[0].Result;
        await using var b = starting[1].Result;
        try
        {
            await scenario(a, b);
        }
        catch
        {
            output.WriteLine($"--- server A ({a.PublicUrl}) ---\n{a.Log}\n--- server B ({b.PublicUrl}) ---\n{b.Log}");
            throw;
        }
    }

    private static async Task FederateAsync(StarlingServer a, StarlingServer b)
    {
        using var alice = await MastodonClient.SignUpAsync(a, "alice");
        using var bob = await MastodonClient.SignUpAsync(b, "bob");

        // alice finds bob by his handle: A asks B's WebFinger, then fetches his actor.
        var bobOnA = await alice.ResolveAccountAsync(bob.Handle);
        Assert.Equal(bob.Handle, bobOnA.GetProperty("acct").GetString());
        var bobId = bobOnA.GetProperty("id").GetString()!;

        var relationship = await alice.PostAsync($"api/v1/accounts/{bobId}/follow");
        Assert.True(relationship.GetProperty("following").GetBoolean() || relationship.GetProperty("requested").GetBoolean());
        await UntilAsync("A records alice's follow of bob as accepted", async () =>
            (await alice.GetAsync($"api/v1/accounts/relationships?id[]={bobId}"))[0].GetProperty("following").GetBoolean());
        await UntilAsync("B counts alice among bob's followers", async () =>
            (await bob.GetAsync("api/v1/accounts/verify_credentials")).GetProperty("followers_count").GetInt32() == 1);

        var post = await bob.PostAsync("api/v1/statuses", ("status", "Hello from the other server"), ("visibility", "public"));
        var postOnB = post.GetProperty("id").GetString()!;
        var postUri = post.GetProperty("uri").GetString()!;
        var copy = await UntilAsync("bob's post reaches alice's home on A", async () =>
            (await alice.HomeAsync()).FirstOrDefault(s => s.GetProperty("uri").GetString() == postUri));
        Assert.Contains("Hello from the other server", copy.GetProperty("content").GetString());
        Assert.Equal(bob.Handle, copy.GetProperty("account").GetProperty("acct").GetString());
        var postOnA = copy.GetProperty("id").GetString()!;

        var reply = await alice.PostAsync("api/v1/statuses", ("status", $"@{bob.Handle} Hello back"), ("in_reply_to_id", postOnA));
        var replyUri = reply.GetProperty("uri").GetString()!;
        var mention = await UntilAsync("bob is notified of alice's reply on B", async () =>
            (await bob.NotificationsAsync()).FirstOrDefault(n => n.GetProperty("type").GetString() == "mention"));
        Assert.Equal(alice.Handle, mention.GetProperty("account").GetProperty("acct").GetString());
        Assert.Equal(replyUri, mention.GetProperty("status").GetProperty("uri").GetString());
        Assert.Equal(postOnB, mention.GetProperty("status").GetProperty("in_reply_to_id").GetString());

        await alice.PostAsync($"api/v1/statuses/{postOnA}/favourite");
        await alice.PostAsync($"api/v1/statuses/{postOnA}/reblog");
        var counted = await UntilAsync("B counts alice's like and boost of bob's post", async () =>
        {
            var status = await bob.GetAsync($"api/v1/statuses/{postOnB}");
            return status.GetProperty("favourites_count").GetInt32() == 1 && status.GetProperty("reblogs_count").GetInt32() == 1 ? status : default;
        });
        Assert.Equal(1, counted.GetProperty("replies_count").GetInt32());
        await UntilAsync("bob is notified of the follow, the reply, the like and the boost, once each", async () =>
            string.Join(' ', (await bob.NotificationsAsync()).Select(n => n.GetProperty("type").GetString()).Order()) == "favourite follow mention reblog");

        await bob.DeleteAsync($"api/v1/statuses/{postOnB}");
        await UntilAsync("bob's deleted post disappears from A", async () => await alice.StatusOfAsync($"api/v1/statuses/{postOnA}") == HttpStatusCode.NotFound);
        var home = await alice.HomeAsync();
        Assert.DoesNotContain(home, s => s.GetProperty("uri").GetString() == postUri
            || (s.GetProperty("reblog").ValueKind == JsonValueKind.Object && s.GetProperty("reblog").GetProperty("uri").GetString() == postUri));
        Assert.Contains(home, s => s.GetProperty("uri").GetString() == replyUri);
    }

    private static async Task OutageAsync(StarlingServer a, StarlingServer b)
    {
        using var alice = await MastodonClient.SignUpAsync(a, "alice");
        using var bob = await MastodonClient.SignUpAsync(b, "bob");
        var aliceId = (await bob.ResolveAccountAsync(alice.Handle)).GetProperty("id").GetString()!;
        await bob.PostAsync($"api/v1/accounts/{aliceId}/follow");
        await UntilAsync("B records bob's follow of alice as accepted", async () =>
            (await bob.GetAsync($"api/v1/accounts/relationships?id[]={aliceId}"))[0].GetProperty("following").GetBoolean());

        await b.KillAsync();
        var uris = new List<string>();
        foreach (var visibility in new[] { "public", "unlisted", "private" })
        {
            var post = await alice.PostAsync("api/v1/statuses", ("status", $"Posted {visibility} while B is down"), ("visibility", visibility));
            uris.Add(post.GetProperty("uri").GetString()!);
        }
        await UntilAsync("A tries to deliver to B and fails", () => Task.FromResult(a.Log.Contains("failed (attempt 1)", StringComparison.Ordinal)));

        await b.StartAgainAsync();
        // A sends again when the retry comes due, within a minute of the failure.
        var home = await UntilAsync("every post reaches bob's home once B is back", async () =>
        {
            var statuses = await bob.HomeAsync();
            return uris.All(u => statuses.Any(s => s.GetProperty("uri").GetString() == u)) ? statuses : null;
        });
        Assert.Equal(uris.Order(), home.Select(s => s.GetProperty("uri").GetString()!).Order());
        Assert.Equal(["private", "public", "unlisted"], home.Select(s => s.GetProperty("visibility").GetString()!).Order());
    }

    private static Task UntilAsync(string what, Func<Task<bool>> probe) =>
        UntilAsync(what, async () => await probe() ? true : (bool?)null);

    private static async Task<T> UntilAsync<T>(string what, Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (value is not null && !(value is JsonElement { ValueKind: JsonValueKind.Undefined }))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Deadline.TotalSeconds} s in vain: {what}.");
            }
            await Task.Delay(200);
        }
    }
}
