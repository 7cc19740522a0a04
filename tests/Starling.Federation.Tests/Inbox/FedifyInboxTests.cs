using System.Net;
using System.Text;
using Starling.Federation.Tests.Fedify;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.Inbox;

/// <summary>
/// Starling's inbox against a real Fedify server on loopback, once for each signature scheme Fedify tries first. Fedify
/// retries with the other scheme only when refused, and Starling logs every delivery it refuses, so a clean log on both
/// sides proves each scheme on its own: Fedify's signed Follow, and Starling's signed fetches and Accept.
/// </summary>
public abstract class FedifyInboxTests(PeerSignatureScheme scheme) : FedifyTest(TestDatabase.Sqlite)
{
    protected override FedifyPeerOptions PeerOptions => new() { Username = "fedi", FirstKnock = scheme };

    [Fact]
    public async Task A_follow_signed_by_fedify_is_accepted_and_its_sender_fetched_and_stored()
    {
        var (alice, aliceId) = await UserAsync("alice");

        var follow = await Peer.FollowAsync(Handle("alice"));

        var accept = await Peer.WaitForActivityAsync("Accept", a => a.Object == follow.Follow);
        Assert.NotNull(accept.Signature?.Scheme);
        await AssertNothingRefusedAsync();
        var known = Assert.Single(await alice.KnownAccountsAsync(Peer.Handle.TrimStart('@')));
        Assert.Equal((Peer.Handle.TrimStart('@'), "Fedify peer"), (Text(known, "acct"), Text(known, "display_name")));
        Assert.Equal(Text(known, "id"), Text(Assert.Single(await alice.FollowersAsync(aliceId)), "id"));

        // The clean log above proves something only if a refusal does show in it: an unsigned delivery is refused and logged.
        using var http = new HttpClient { BaseAddress = Server.BaseUrl };
        using var unsigned = await http.PostAsync("inbox", new StringContent(
            $$"""{"id":"{{Peer.ActorId}}#unsigned","type":"Like","actor":"{{Peer.ActorId}}","object":"{{ActorOf("alice")}}"}""",
            Encoding.UTF8, "application/activity+json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        await EventuallyAsync("the refusal in Starling's log", () => Task.FromResult(Server.Log.Contains("refused a delivery", StringComparison.Ordinal)));
    }

    public sealed class Rfc9421() : FedifyInboxTests(PeerSignatureScheme.Rfc9421);

    public sealed class DraftCavage() : FedifyInboxTests(PeerSignatureScheme.DraftCavage);
}
