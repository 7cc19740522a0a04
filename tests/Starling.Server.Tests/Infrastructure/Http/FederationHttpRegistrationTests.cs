using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Starling.Server.Hosting;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

namespace Starling.Server.Tests.Infrastructure.Http;

public sealed class FederationHttpRegistrationTests
{
    /// <summary>What an in-process federation test does: other servers are answered by a handler, not by sockets.</summary>
    private sealed class InMemoryPeers(IOptions<StarlingOptions> options) : FederationHttpHandlerFactory(options)
    {
        public override HttpMessageHandler CreatePrimaryHandler() => new Answer();

        private sealed class Answer : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent($"{request.RequestUri!.Host} saw {request.Headers.UserAgent}"),
                });
        }
    }

    [Fact]
    public async Task The_primary_handler_can_be_replaced_and_requests_still_pass_the_clients_checks()
    {
        await using var app = await TestInstance.StartAsync(new TestInstanceOptions
        {
            ConfigureServices = services => services.AddSingleton<FederationHttpHandlerFactory, InMemoryPeers>(),
        });
        var client = app.Services.GetRequiredService<FederationHttpClient>();

        var response = await client.GetAsync(new Uri("https://peer.example/users/alice"));

        Assert.Equal($"peer.example saw Starling/0.1.0 (+{TestInstance.PublicUrl})", response.Text());
        await Assert.ThrowsAsync<FetchRefusedException>(() => client.GetAsync(new Uri("https://127.0.0.1/users/alice")));
    }

    [Fact]
    public async Task The_federation_section_is_read_from_configuration()
    {
        await using var app = await TestInstance.StartAsync(new TestInstanceOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Starling:Federation:AllowPrivateAddresses"] = "true",
                ["Starling:Federation:TimeoutSeconds"] = "7",
                ["Starling:Federation:MaxRedirects"] = "1",
            },
        });

        var federation = app.Services.GetRequiredService<IOptions<StarlingOptions>>().Value.Federation;

        Assert.True(federation.AllowPrivateAddresses);
        Assert.Equal(TimeSpan.FromSeconds(7), federation.Timeout);
        Assert.Equal(1, federation.MaxRedirects);
    }

    [Theory]
    [InlineData("Starling:Federation:TimeoutSeconds", "0", "between 1 and 300")]
    [InlineData("Starling:Federation:MaxRedirects", "11", "between 0 and 10")]
    [InlineData("Starling:Federation:MaxDocumentBytes", "100", "between 1024 and 104857600")]
    [InlineData("Starling:TrustedProxies:0", "not-an-address", "Starling:TrustedProxies:0 must be an IP address or a network")]
    [InlineData("Starling:TrustedProxies:0", "10.0.0.0/99", "'10.0.0.0/99'")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string detail)
    {
        var error = Assert.Throws<StarlingConfigurationException>(() => StarlingConfiguration.Load(
            new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)])
                .Build()));

        Assert.Contains(key.Split(':')[1] == "TrustedProxies" ? "Starling:TrustedProxies" : key, error.Message);
        Assert.Contains(detail, error.Message);
    }
}
