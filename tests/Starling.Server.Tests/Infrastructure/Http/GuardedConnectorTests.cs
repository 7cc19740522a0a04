using System.Net;
using Starling.Server.Infrastructure.Http;

namespace Starling.Server.Tests.Infrastructure.Http;

public sealed class GuardedConnectorTests
{
    private static GuardedConnector WithDns(bool allowPrivate, params string[] answer) =>
        new(allowPrivate, (_, _) => Task.FromResult(answer.Select(IPAddress.Parse).ToArray()));

    [Fact]
    public async Task A_name_that_resolves_only_to_private_addresses_is_refused_without_naming_them()
    {
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            WithDns(false, "10.20.30.40", "fd00::7").AddressesToTryAsync("rebinding.example", CancellationToken.None));

        Assert.Equal(FetchRefusal.PrivateAddress, refused.Refusal);
        Assert.Contains("rebinding.example", refused.Message);
        Assert.Contains("private", refused.Message);
        Assert.DoesNotContain("10.20.30.40", refused.Message);
    }

    [Fact]
    public async Task From_a_mixed_answer_only_the_public_addresses_are_tried()
    {
        var addresses = await WithDns(false, "127.0.0.1", "93.184.216.34", "169.254.169.254", "2606:2800:220:1::1")
            .AddressesToTryAsync("mixed.example", CancellationToken.None);

        Assert.Equal(["93.184.216.34", "2606:2800:220:1::1"], addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task With_private_addresses_allowed_every_address_is_tried()
    {
        var addresses = await WithDns(true, "127.0.0.1", "10.0.0.1").AddressesToTryAsync("dev.example", CancellationToken.None);

        Assert.Equal(2, addresses.Count);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("10.1.2.3")]
    [InlineData("169.254.169.254")]
    public async Task Literal_addresses_are_checked_without_asking_DNS(string host)
    {
        var connector = new GuardedConnector(false, (_, _) => throw new InvalidOperationException("DNS must not be asked"));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => connector.AddressesToTryAsync(host, CancellationToken.None));

        Assert.Equal(FetchRefusal.PrivateAddress, refused.Refusal);
    }

    [Fact]
    public async Task Localhost_resolved_by_the_real_resolver_is_refused()
    {
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            new GuardedConnector(false).AddressesToTryAsync("localhost", CancellationToken.None));

        Assert.Contains("loopback", refused.Message);
    }
}
