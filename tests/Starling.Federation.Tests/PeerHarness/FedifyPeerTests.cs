using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Starling.ActivityPub;
using Starling.Federation.Tests.Infrastructure;

namespace Starling.Federation.Tests.PeerHarness;

/// <summary>The Fedify peer on its own: what a server looking it up would see, and that its inbox is strict.</summary>
public sealed class FedifyPeerTests
{
    [Fact]
    public async Task WebFinger_answers_the_handle_with_the_actor()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient { BaseAddress = peer.BaseUrl };
        var resource = $"acct:fedi@{peer.BaseUrl.Authority}";
        Assert.Equal($"@fedi@{peer.BaseUrl.Authority}", peer.Handle);

        using var response = await http.GetAsync($".well-known/webfinger?resource={Uri.EscapeDataString(resource)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jrd+json", response.Content.Headers.ContentType?.MediaType);
        var jrd = await ReadJsonAsync(response);
        Assert.Equal(resource, jrd.GetProperty("subject").GetString());
        var self = jrd.GetProperty("links").EnumerateArray().Single(link => link.GetProperty("rel").GetString() == "self");
        Assert.Equal(ActivityStreamsMediaTypes.Activity, self.GetProperty("type").GetString());
        Assert.Equal(peer.ActorId, self.GetProperty("href").GetString());
    }

    [Fact]
    public async Task WebFinger_does_not_know_other_names()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient { BaseAddress = peer.BaseUrl };

        using var response = await http.GetAsync(
            $".well-known/webfinger?resource={Uri.EscapeDataString($"acct:nobody@{peer.BaseUrl.Authority}")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_actor_document_has_an_inbox_and_a_public_key_it_owns()
    {
        await using var peer = await FedifyPeer.StartAsync(new FedifyPeerOptions { Username = "otto" });
        using var http = new HttpClient();

        using var response = await GetActivityAsync(http, peer.ActorId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ActivityStreamsMediaTypes.Activity, response.Content.Headers.ContentType?.MediaType);
        var actor = await ReadJsonAsync(response);
        Assert.Equal(peer.ActorId, actor.GetProperty("id").GetString());
        Assert.Equal("Person", actor.GetProperty("type").GetString());
        Assert.Equal("otto", actor.GetProperty("preferredUsername").GetString());
        Assert.Equal(peer.Inbox, actor.GetProperty("inbox").GetString());
        Assert.Equal(new Uri(peer.BaseUrl, "inbox").ToString(), actor.GetProperty("endpoints").GetProperty("sharedInbox").GetString());
        Assert.StartsWith(peer.ActorId, actor.GetProperty("outbox").GetString());
        Assert.StartsWith(peer.ActorId, actor.GetProperty("followers").GetString());

        var key = actor.GetProperty("publicKey");
        Assert.StartsWith(peer.ActorId + "#", key.GetProperty("id").GetString());
        Assert.Equal(peer.ActorId, key.GetProperty("owner").GetString());
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("publicKeyPem").GetString());
        Assert.True(rsa.KeySize >= 2048, $"an RSA key of {rsa.KeySize} bits");
        // The Ed25519 key Fedify signs Object Integrity Proofs with.
        Assert.Contains(actor.GetProperty("assertionMethod").EnumerateArray(),
            method => method.GetProperty("type").GetString() == "Multikey" && method.GetProperty("controller").GetString() == peer.ActorId);
    }

    [Fact]
    public async Task An_unsigned_delivery_is_refused_and_nothing_is_kept()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient();
        var follow = $$"""
            {
              "@context": "https://www.w3.org/ns/activitystreams",
              "id": "{{peer.BaseUrl}}forged/1",
              "type": "Follow",
              "actor": "{{peer.ActorId}}",
              "object": "{{peer.ActorId}}"
            }
            """;
        using var content = new StringContent(follow, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ActivityStreamsMediaTypes.Activity);

        using var response = await http.PostAsync(peer.Inbox, content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var failure = Assert.Single(await peer.FailuresAsync());
        Assert.Equal("unverified", failure.Kind);
        Assert.Equal("noSignature", failure.Reason);
        Assert.Equal($"{peer.BaseUrl}forged/1", failure.ActivityId);
        Assert.Empty(await peer.ActivitiesAsync());
        Assert.Empty(await peer.FollowersAsync());
    }

    [Fact]
    public async Task A_posted_note_can_be_fetched_until_it_is_deleted()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient();

        var posted = await peer.PostAsync("<p>Hello from Fedify</p>", summary: "greeting");

        using (var response = await GetActivityAsync(http, posted.Note))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var note = await ReadJsonAsync(response);
            Assert.Equal(posted.Note, note.GetProperty("id").GetString());
            Assert.Equal("Note", note.GetProperty("type").GetString());
            Assert.Equal(peer.ActorId, note.GetProperty("attributedTo").GetString());
            Assert.Equal("<p>Hello from Fedify</p>", note.GetProperty("content").GetString());
            Assert.Equal("greeting", note.GetProperty("summary").GetString());
            // Public as Mastodon addresses it; Fedify compacts the public collection to "as:Public".
            Assert.Contains(note.GetProperty("to").ToString(), new[] { "as:Public", "https://www.w3.org/ns/activitystreams#Public" });
            Assert.Equal($"{peer.ActorId}/followers", note.GetProperty("cc").ToString());
        }
        using (var response = await GetActivityAsync(http, posted.Create))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var create = await ReadJsonAsync(response);
            Assert.Equal("Create", create.GetProperty("type").GetString());
            Assert.Equal(posted.Note, create.GetProperty("object").GetProperty("id").GetString());
        }

        await peer.DeleteAsync(posted.Note);

        using (var response = await GetActivityAsync(http, posted.Note))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_peer_serves_its_files_and_names_them_as_its_avatar_and_as_attachments()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient();
        var jpeg = TestMedia.Jpeg(300, 200);
        var picture = await peer.AddMediaAsync("view.jpg", "image/jpeg", jpeg);
        var clip = await peer.AddMediaAsync("clip.webm", "video/webm", [1, 2, 3]);
        await peer.SetAvatarAsync("view.jpg");

        using (var file = await http.GetAsync(picture))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("image/jpeg", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal(jpeg, await file.Content.ReadAsByteArrayAsync());
        }
        using (var missing = await http.GetAsync(new Uri(peer.BaseUrl, "media/other.jpg")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var response = await GetActivityAsync(http, peer.ActorId))
        {
            var icon = (await ReadJsonAsync(response)).GetProperty("icon");
            Assert.Equal(("Image", "image/jpeg", picture),
                (icon.GetProperty("type").GetString(), icon.GetProperty("mediaType").GetString(), icon.GetProperty("url").GetString()));
        }

        var posted = await peer.PostAsync("<p>Files</p>", attachments:
        [
            new PeerAttachment("view.jpg", PeerAttachmentType.Image, "A view", Width: 300, Height: 200),
            new PeerAttachment("clip.webm", PeerAttachmentType.Video, "A clip", DurationSeconds: 1.5, UrlAsLink: true),
        ]);

        using (var response = await GetActivityAsync(http, posted.Note))
        {
            var attachments = (await ReadJsonAsync(response)).GetProperty("attachment").EnumerateArray().ToList();
            Assert.Equal(2, attachments.Count);
            var image = attachments[0];
            Assert.Equal(("Image", "image/jpeg", picture, "A view", 300, 200),
                (image.GetProperty("type").GetString(), image.GetProperty("mediaType").GetString(), image.GetProperty("url").GetString(),
                    image.GetProperty("name").GetString(), image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
            var video = attachments[1];
            Assert.Equal(("Video", "A clip", "PT1.5S"),
                (video.GetProperty("type").GetString(), video.GetProperty("name").GetString(), video.GetProperty("duration").GetString()));
            Assert.False(video.TryGetProperty("mediaType", out _), "The media type is on the link.");
            var link = video.GetProperty("url");
            Assert.Equal(("Link", clip, "video/webm"),
                (link.GetProperty("type").GetString(), link.GetProperty("href").GetString(), link.GetProperty("mediaType").GetString()));
        }
        Assert.Equal([("clip.webm", 0), ("view.jpg", 1)], (await peer.MediaAsync()).Select(m => (m.Name, m.Requests)).OrderBy(m => m.Name));
        var refused = await Assert.ThrowsAsync<FedifyPeerException>(() =>
            peer.PostAsync("<p>No file</p>", attachments: [new PeerAttachment("nothing.png")]));
        Assert.Contains("No file nothing.png", refused.Message);
    }

    [Fact]
    public async Task Held_requests_for_files_are_answered_once_released()
    {
        await using var peer = await FedifyPeer.StartAsync();
        using var http = new HttpClient();
        var picture = await peer.AddMediaAsync("view.png", "image/png", TestMedia.Png(20, 10));
        await peer.HoldMediaAsync();

        var waiting = http.GetAsync(picture);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await peer.MediaAsync()).Single().Requests == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The request for the file never reached the peer.");
            await Task.Delay(50);
        }
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "A held request waits for the release.");

        await peer.ReleaseMediaAsync();

        using var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var later = await http.GetAsync(picture);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_control_call_that_cannot_be_done_fails_with_the_peers_reason()
    {
        await using var peer = await FedifyPeer.StartAsync();

        var error = await Assert.ThrowsAsync<FedifyPeerException>(() => peer.UndoAsync($"{peer.ActorId}#likes/never-sent"));

        Assert.Contains("404", error.Message);
        Assert.Contains("was sent by this peer", error.Message);
    }

    private static async Task<HttpResponseMessage> GetActivityAsync(HttpClient http, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(ActivityStreamsMediaTypes.Activity);
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
