using System.Net;
using Starling.Server.Features.Media;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

namespace Starling.Server.Tests.Infrastructure.Http;

/// <summary>
/// The outbound client against a real server on loopback. With <c>AllowPrivateAddresses</c> on (development, tests)
/// loopback is reachable; with it off, every way of pointing at this machine is refused, and nothing reaches the peer.
/// No test sends anything to a non-loopback private address: those are refused before any connection is made.
/// </summary>
public sealed class FederationHttpClientTests : IAsyncLifetime
{
    private LoopbackPeer peer = null!;

    public async Task InitializeAsync() => peer = await LoopbackPeer.StartAsync();

    public async Task DisposeAsync() => await peer.DisposeAsync();

    [Fact]
    public async Task With_private_addresses_allowed_a_document_is_fetched_with_our_user_agent()
    {
        using var client = Clients.Create(allowPrivate: true);

        var response = await client.GetAsync(peer.Url("/doc"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/activity+json", response.MediaType);
        Assert.Equal("{\"ok\":true}", response.Text());
        Assert.Equal("Starling/0.1.0 (+https://starling.test)", response.Headers.GetValues("X-Seen-User-Agent").Single());
        Assert.Contains("application/activity+json", response.Headers.GetValues("X-Seen-Accept").Single());
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/doc")]
    [InlineData("https://[::1]:{port}/doc")]
    [InlineData("https://localhost:{port}/doc")]
    [InlineData("https://10.1.2.3/doc")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/doc")]
    [InlineData("https://0.0.0.0:{port}/doc")]
    public async Task Without_the_switch_every_address_of_this_machine_or_its_network_is_refused(string url)
    {
        using var client = Clients.Create(allowPrivate: false);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(new Uri(url.Replace("{port}", peer.Port.ToString()))));

        Assert.Equal(FetchRefusal.PrivateAddress, refused.Refusal);
        Assert.Equal(0, peer.Requests);
    }

    [Fact]
    public async Task The_connection_guard_itself_refuses_loopback_when_the_switch_is_off_and_allows_it_when_on()
    {
        // The bare handler, without the client's own checks: the refusal happens when connecting.
        using var guarded = new HttpClient(new FederationHttpHandlerFactory(Microsoft.Extensions.Options.Options.Create(Clients.Options(false))).CreatePrimaryHandler());
        using var open = new HttpClient(new FederationHttpHandlerFactory(Microsoft.Extensions.Options.Options.Create(Clients.Options(true))).CreatePrimaryHandler());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync(peer.Url("/doc")));
        Assert.IsType<FetchRefusedException>(failure.InnerException);
        Assert.Equal(0, peer.Requests);

        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync(peer.Url("/doc"))).StatusCode);
        Assert.Equal(1, peer.Requests);
    }

    [Fact]
    public async Task A_public_server_redirecting_to_a_name_of_this_machine_is_refused_when_connecting()
    {
        using var client = Clients.Create(false, options => new PublicFirstHopFactory(options, $"https://localhost:{peer.Port}/doc"));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(new Uri($"https://{PublicFirstHopFactory.Host}/actor")));

        Assert.Equal(FetchRefusal.PrivateAddress, refused.Refusal);
        Assert.Contains("localhost", refused.Message);
        Assert.Equal(0, peer.Requests);
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/doc", FetchRefusal.PrivateAddress)]
    [InlineData("https://169.254.169.254/latest/meta-data/", FetchRefusal.PrivateAddress)]
    [InlineData("http://public.example/plain", FetchRefusal.Scheme)]
    [InlineData("file:///etc/passwd", FetchRefusal.Scheme)]
    public async Task A_public_server_redirecting_somewhere_we_do_not_go_is_refused(string location, FetchRefusal expected)
    {
        using var client = Clients.Create(false, options => new PublicFirstHopFactory(options, location.Replace("{port}", peer.Port.ToString())));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(new Uri($"https://{PublicFirstHopFactory.Host}/actor")));

        Assert.Equal(expected, refused.Refusal);
        Assert.Equal(0, peer.Requests);
    }

    [Fact]
    public async Task With_the_switch_on_the_same_redirect_reaches_the_peer()
    {
        using var client = Clients.Create(true, options => new PublicFirstHopFactory(options, $"http://localhost:{peer.Port}/doc"));

        var response = await client.GetAsync(new Uri($"https://{PublicFirstHopFactory.Host}/actor"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(peer.Url("/doc", host: "localhost"), response.Uri);
        Assert.Equal(1, peer.Requests);
    }

    [Theory]
    [InlineData("http://public.example/actor")]
    [InlineData("ftp://public.example/actor")]
    [InlineData("https://user:secret@public.example/actor")]
    public async Task Only_https_urls_without_credentials_are_fetched(string url)
    {
        using var client = Clients.Create(false, options => new PublicFirstHopFactory(options, "/unused"));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(new Uri(url)));

        Assert.Equal(FetchRefusal.Scheme, refused.Refusal);
        Assert.DoesNotContain("secret", refused.Message);
    }

    [Fact]
    public async Task Plain_http_is_allowed_only_with_the_switch()
    {
        using var closed = Clients.Create(false);
        using var open = Clients.Create(true);

        Assert.Equal(FetchRefusal.Scheme, (await Assert.ThrowsAsync<FetchRefusedException>(() => closed.GetAsync(peer.Url("/doc")))).Refusal);
        Assert.True((await open.GetAsync(peer.Url("/doc"))).IsSuccess);
    }

    [Fact]
    public async Task Three_redirects_are_followed_and_a_fourth_is_refused()
    {
        using var client = Clients.Create(true);

        var followed = await client.GetAsync(peer.Url("/redirect/3"));
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(peer.Url("/doc"), followed.Uri);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(peer.Url("/redirect/4")));
        Assert.Equal(FetchRefusal.TooManyRedirects, refused.Refusal);
    }

    [Fact]
    public async Task Each_hop_of_a_redirected_fetch_is_prepared_again_for_its_own_address()
    {
        using var client = Clients.Create(true);
        var prepared = new List<Uri>();

        await client.GetAsync(peer.Url("/redirect/2"), new FetchOptions
        {
            PrepareRequest = (request, _) =>
            {
                prepared.Add(request.RequestUri!);
                return Task.CompletedTask;
            },
        });

        Assert.Equal([peer.Url("/redirect/2"), peer.Url("/redirect/1"), peer.Url("/doc")], prepared);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_over_the_document_limit_is_refused_whether_or_not_it_says_its_length(bool chunked)
    {
        using var client = Clients.Create(true);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(peer.Url($"/bytes/{1_048_577}?chunked={chunked}")));

        Assert.Equal(FetchRefusal.TooLarge, refused.Refusal);
        Assert.Contains("1048576 bytes", refused.Message);
        Assert.Equal(1_048_576, (await client.GetAsync(peer.Url($"/bytes/{1_048_576}?chunked={chunked}"))).Body.Length);
    }

    [Fact]
    public async Task A_caller_may_set_its_own_limit()
    {
        using var client = Clients.Create(true);

        Assert.Equal(4096, (await client.GetAsync(peer.Url("/bytes/4096?chunked=true"), new FetchOptions { MaxBytes = 4096 })).Body.Length);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(peer.Url("/bytes/4097?chunked=true"), new FetchOptions { MaxBytes = 4096 }));
        Assert.Equal(FetchRefusal.TooLarge, refused.Refusal);
    }

    [Fact]
    public async Task Error_statuses_are_answers_not_exceptions()
    {
        using var client = Clients.Create(true);

        var gone = await client.GetAsync(peer.Url("/status/410"));

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.False(gone.IsSuccess);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_download_hands_the_body_over_as_it_arrives_and_refuses_a_declared_length_over_the_limit_unread(bool chunked)
    {
        using var client = Clients.Create(true);
        var options = new FetchOptions { Accept = "*/*", MaxBytes = 4096 };
        using var received = new MemoryStream();

        var status = await client.DownloadAsync(peer.Url($"/bytes/4096?chunked={chunked}"), options, (body, token) => body.CopyToAsync(received, token));
        Assert.Equal((HttpStatusCode.OK, 4096), (status, (int)received.Length));

        var handedOver = false;
        var over = client.DownloadAsync(peer.Url($"/bytes/5000?chunked={chunked}"), options, (body, token) =>
        {
            handedOver = true;
            return Task.CompletedTask;
        });
        if (chunked)
        {
            // No length to judge by: cutting the body off is the receiver's part.
            Assert.Equal(HttpStatusCode.OK, await over);
            Assert.True(handedOver);
        }
        else
        {
            Assert.Equal(FetchRefusal.TooLarge, (await Assert.ThrowsAsync<FetchRefusedException>(() => over)).Refusal);
            Assert.False(handedOver);
        }
    }

    [Fact]
    public async Task A_download_of_an_error_answer_returns_its_status_without_handing_over_the_body()
    {
        using var client = Clients.Create(true);
        var handedOver = false;

        var status = await client.DownloadAsync(peer.Url("/status/404"), new FetchOptions { Accept = "*/*" }, (_, _) =>
        {
            handedOver = true;
            return Task.CompletedTask;
        });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(handedOver);
    }

    [Fact]
    public async Task A_slow_body_runs_out_of_the_federation_timeout_but_not_of_a_read_timeout_given_for_it()
    {
        using var client = Clients.Create(true, configure: federation => federation.TimeoutSeconds = 1);
        var slow = peer.Url("/slow/3");

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync(slow, new FetchOptions { Accept = "*/*" }));
        using var received = new MemoryStream();
        var status = await client.DownloadAsync(slow, new FetchOptions { Accept = "*/*", ReadTimeout = TimeSpan.FromSeconds(30) },
            (body, token) => body.CopyToAsync(received, token));

        Assert.Contains("within 1 seconds", timedOut.Message);
        Assert.Equal((HttpStatusCode.OK, 3 * 1024), (status, (int)received.Length));
    }

    [Fact]
    public async Task A_download_whose_body_stalls_is_given_up_after_the_idle_limit_and_leaves_nothing()
    {
        using var client = Clients.Create(true);
        var settings = new StarlingOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "starling-idle-" + Guid.NewGuid().ToString("N")) };
        var options = new FetchOptions { Accept = "*/*", ReadTimeout = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromMilliseconds(700) };
        string folder;

        using (var work = MediaWorkFolder.Create(settings))
        {
            folder = work.Path;
            var stalled = await Assert.ThrowsAsync<TimeoutException>(() => client.DownloadAsync(peer.Url("/stall/64"), options,
                (body, token) => work.ReceiveAsync(body, 64 * 1024, () => new InvalidOperationException("Not too large"), token)));
            Assert.Contains("sent nothing for 0.7 seconds", stalled.Message);
            // The kilobyte sent before the stall had been written: the body was given up mid-way, not refused at once.
            Assert.Equal(1024, new FileInfo(work.Upload).Length);
        }

        Assert.False(Directory.Exists(folder));
        Directory.Delete(settings.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_delivery_is_sent_as_it_is_and_its_redirect_is_not_followed()
    {
        using var client = Clients.Create(true);
        using var request = new HttpRequestMessage(HttpMethod.Post, peer.Url("/inbox")) { Content = new StringContent("{}") };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, peer.Requests);
    }

    [Fact]
    public async Task A_delivery_to_this_machine_is_refused_without_the_switch()
    {
        using var client = Clients.Create(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, peer.Url("/inbox", host: "localhost", scheme: "https")) { Content = new StringContent("{}") };

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => client.SendAsync(request));

        Assert.Equal(FetchRefusal.PrivateAddress, refused.Refusal);
        Assert.Equal(0, peer.Requests);
    }
}
