using System.Text.Json;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.Fedify;

/// <summary>
/// A Starling server (a real child process, its job workers on) and a Fedify peer, both listening on loopback over plain
/// http, federating through their own documents: WebFinger, actors, inboxes, signed deliveries and signed fetches.
/// Starling's users act only through the Mastodon API; the peer acts through its control API. Fedify verifies every
/// signature Starling sends, so every test ends by asserting the peer refused nothing and Starling refused nothing.
/// </summary>
public abstract class FedifyTest(TestDatabase database) : IAsyncLifetime
{
    private const string PublicCollection = "https://www.w3.org/ns/activitystreams#Public";

    private readonly List<MastodonClient> _clients = [];

    protected StarlingServer Server { get; private set; } = null!;

    protected FedifyPeer Peer { get; private set; } = null!;

    /// <summary>Options for the peer; a test class changes them to start it differently.</summary>
    protected virtual FedifyPeerOptions PeerOptions => new() { Username = "fedi" };

    /// <summary>Configuration a test class adds to (or changes in) the server's.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServerSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        FedifyPeer.EnsureInstalled();
        var settings = new Dictionary<string, string>
        {
            // Loopback and plain http, which a production server refuses to fetch from or deliver to.
            ["Starling:Federation:AllowPrivateAddresses"] = "true",
            // So a refused delivery or a failed fetch shows in the log a failing test prints.
            ["Logging:LogLevel:Starling"] = "Information",
        };
        foreach (var (key, value) in ServerSettings)
        {
            settings[key] = value;
        }
        var server = StarlingServer.StartAsync(settings: settings, database: database);
        var peer = FedifyPeer.StartAsync(PeerOptions);
        try
        {
            Server = await server;
        }
        finally
        {
            Peer = await peer;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        if (Peer is not null)
        {
            await Peer.DisposeAsync();
        }
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>Creates a user as an operator would and signs in as them with every scope an app asks for.</summary>
    protected async Task<(MastodonClient Client, string AccountId)> UserAsync(string username)
    {
        await Server.CreateUserAsync(username, $"{username}@example.com", "correct horse battery staple");
        var output = await Server.RunCliAsync("user", "token", "--username", username, "--scopes", "read write follow");
        var client = new MastodonClient(Server, output.Trim().Split('\n')[^1].Trim(), username);
        _clients.Add(client);
        var me = await client.SendAsync(HttpMethod.Get, "api/v1/accounts/verify_credentials");
        return (client, me.GetProperty("id").GetString()!);
    }

    /// <summary>The handle the peer looks a Starling user up by: <c>@alice@127.0.0.1:port</c>.</summary>
    protected string Handle(string username) => $"@{username}@{new Uri(Server.PublicUrl).Authority}";

    protected string ActorOf(string username) => $"{Server.PublicUrl}/users/{username}";

    /// <summary>The peer's actor follows a Starling user by handle and waits until the follow is accepted.</summary>
    protected async Task<PeerFollowResult> PeerFollowsAsync(string username)
    {
        var follow = await Peer.FollowAsync(Handle(username));
        await Peer.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        return follow;
    }

    /// <summary>A Starling user finds the peer's actor by handle (WebFinger), follows it, and waits until the peer accepted.</summary>
    protected async Task<string> FollowsPeerAsync(MastodonClient user)
    {
        var account = await user.ResolveAccountAsync(Peer.Handle);
        var accountId = account.GetProperty("id").GetString()!;
        await user.FollowAsync(accountId);
        await EventuallyAsync("the follow of the peer to be accepted",
            async () => (await user.RelationshipAsync(accountId)).GetProperty("following").GetBoolean());
        return accountId;
    }

    /// <summary>Waits until the status whose ActivityPub id is <paramref name="uri"/> is on the user's home timeline.</summary>
    protected async Task<JsonElement> OnHomeTimelineAsync(MastodonClient user, string uri) =>
        Assert.Single(await EventuallyAsync($"{uri} on the home timeline",
            async () => (await user.HomeAsync()).Where(s => Text(s, "uri") == uri).ToList() is { Count: > 0 } found ? found : null));

    /// <summary>
    /// Asks until <paramref name="probe"/> says yes. Deliveries and inbox work go through queues on both sides, so what
    /// one side did shows on the other a moment later; the deadline only bounds what never comes.
    /// </summary>
    protected async Task EventuallyAsync(string what, Func<Task<bool>> probe) =>
        await EventuallyAsync(what, async () => await probe() ? true : (bool?)null);

    /// <summary>Fetches until what comes back satisfies <paramref name="until"/>, and returns it.</summary>
    protected async Task<JsonElement> EventuallyAsync(string what, Func<Task<JsonElement>> fetch, Func<JsonElement, bool> until)
    {
        JsonElement last = default;
        await EventuallyAsync(what, async () => until(last = await fetch()));
        return last;
    }

    protected async Task<T> EventuallyAsync<T>(string what, Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.\n{await DiagnosticsAsync()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Fedify refused no signature, no listener failed, and Starling refused no delivery and failed no fetch.</summary>
    protected async Task AssertNothingRefusedAsync()
    {
        var failures = await Peer.FailuresAsync();
        Assert.True(failures.Count == 0, $"The peer noted failures: {string.Join("; ", failures)}\n{await DiagnosticsAsync()}");
        Assert.DoesNotContain("refused a delivery", Server.Log, StringComparison.Ordinal);
    }

    protected static string? Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// The ids in an addressing property (<c>to</c>, <c>cc</c>) as Fedify understood them: one id or a list, the public
    /// collection written out in full whichever way the compacted JSON-LD abbreviates it.
    /// </summary>
    protected static IReadOnlyList<string> Addressed(JsonElement json, string property)
    {
        if (!json.TryGetProperty(property, out var value))
        {
            return [];
        }
        IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
        return [.. items.Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : Text(item, "id") ?? "")
            .Select(id => id is "as:Public" or "Public" ? PublicCollection : id)];
    }

    protected static string Public => PublicCollection;

    private async Task<string> DiagnosticsAsync()
    {
        string received;
        try
        {
            received = string.Join("; ", await Peer.ActivitiesAsync());
        }
        catch (Exception e) when (e is HttpRequestException or FedifyPeerException)
        {
            received = $"(the peer did not answer: {e.Message})";
        }
        return $"The peer received: {received}\n--- the peer's log ---\n{Tail(Peer.Log)}\n--- Starling's log ---\n{Tail(Server.Log)}";
    }

    private static string Tail(string log, int lines = 60)
    {
        var all = log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
