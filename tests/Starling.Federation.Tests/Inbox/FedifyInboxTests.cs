using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.Inbox;

/// <summary>
/// Starling's inbox and lookups against a real Fedify server on loopback: Fedify signs strictly, with RFC 9421 or
/// draft-cavage, and retries with the other scheme only when refused, so a clean log on both sides proves each scheme.
/// </summary>
public sealed class FedifyInboxTests
{
    private static readonly Dictionary<string, string> Settings = new() { ["Starling:Federation:AllowPrivateAddresses"] = "true" };

    [Theory]
    [InlineData(PeerSignatureScheme.Rfc9421)]
    [InlineData(PeerSignatureScheme.DraftCavage)]
    public async Task A_delivery_signed_by_fedify_is_accepted_and_its_sender_fetched_and_stored(PeerSignatureScheme scheme)
    {
        await using var server = await StarlingServer.StartAsync(settings: Settings);
        await server.CreateUserAsync("alice", "alice@example.com", "correct horse battery");
        var token = await TokenAsync(server, "alice");
        await using var peer = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "fedi", FirstKnock = scheme });
        // Starling does not serve actor documents yet: a stand-in actor whose inbox is alice's makes Fedify deliver there.
        await using var standIn = StandInActor.Start(new Uri(server.BaseUrl, "users/alice/inbox").ToString());

        await peer.FollowAsync(standIn.ActorId);

        Assert.Empty(await peer.FailuresAsync());
        Assert.DoesNotContain("refused a delivery", server.Log, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var found = await SearchAsync(http, token, Uri.EscapeDataString(peer.Handle.TrimStart('@')));
        var account = Assert.Single(found.GetProperty("accounts").EnumerateArray());
        Assert.Equal(peer.Handle.TrimStart('@'), account.GetProperty("acct").GetString());
    }

    [Fact]
    public async Task A_fedify_actor_is_found_by_its_handle_through_webfinger()
    {
        await using var server = await StarlingServer.StartAsync(settings: Settings);
        await server.CreateUserAsync("alice", "alice@example.com", "correct horse battery");
        var token = await TokenAsync(server, "alice");
        await using var peer = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "fedi" });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var found = await SearchAsync(http, token, Uri.EscapeDataString(peer.Handle) + "&resolve=true");

        var account = Assert.Single(found.GetProperty("accounts").EnumerateArray());
        Assert.Equal(("fedi", peer.Handle.TrimStart('@')), (account.GetProperty("username").GetString(), account.GetProperty("acct").GetString()));
    }

    private static async Task<string> TokenAsync(StarlingServer server, string username)
    {
        var output = await server.RunCliAsync("user", "token", "--username", username, "--scopes", "read");
        return output.Trim().Split('\n')[^1].Trim();
    }

    private static async Task<JsonElement> SearchAsync(HttpClient http, string token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v2/search?type=accounts&q=" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"search answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An actor document on a loopback port of its own whose inbox is somewhere else.</summary>
    private sealed class StandInActor : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;

        private StandInActor(HttpListener listener, string actorId, string inbox)
        {
            _listener = listener;
            ActorId = actorId;
            var document = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@context"] = new[] { "https://www.w3.org/ns/activitystreams" },
                ["id"] = actorId,
                ["type"] = "Person",
                ["preferredUsername"] = "alice",
                ["inbox"] = inbox,
            });
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }
                    var bytes = Encoding.UTF8.GetBytes(document);
                    context.Response.ContentType = "application/activity+json";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string ActorId { get; }

        public static StandInActor Start(string inbox)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return new StandInActor(listener, $"http://127.0.0.1:{port}/users/alice", inbox);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
