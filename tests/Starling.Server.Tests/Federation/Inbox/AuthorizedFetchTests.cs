using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Starling.ActivityPub.Signatures;
using Starling.Server.Api.ActivityPub;

namespace Starling.Server.Tests.Federation.Inbox;

/// <summary>
/// Authorized fetch on a stand-in document endpoint (the real documents apply the same check): off, anyone reads;
/// on, only a fetch signed by an actor of a server that is not suspended.
/// </summary>
public abstract class AuthorizedFetchTests(TestDatabase database) : IntegrationTest(database)
{
    private const string DocumentPath = "/test/signed-document";

    private async Task<(FederationNetwork Network, TestInstance App, RemoteActor Alice)> StartAsync(bool authorizedFetch)
    {
        var network = new FederationNetwork(Database);
        var app = await network.StartAsync("local.test", new TestInstanceOptions
        {
            Settings = new Dictionary<string, string?> { ["Starling:Federation:AuthorizedFetch"] = authorizedFetch ? "true" : "false" },
            ConfigureServices = services => services.AddSingleton<IStartupFilter, DocumentEndpoint>(),
        });
        var alice = new RemoteActor(network.AddSink("remote.test"), "alice").Publish();
        return (network, app, alice);
    }

    [Fact]
    public async Task Without_authorized_fetch_an_unsigned_fetch_is_answered()
    {
        var (network, app, alice) = await StartAsync(authorizedFetch: false);
        await using var _ = network;

        using var response = await alice.FetchAsync(app, DocumentPath, new DeliveryOptions { Unsigned = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anonymous", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_authorized_fetch_an_unsigned_or_badly_signed_fetch_is_refused_with_401()
    {
        var (network, app, alice) = await StartAsync(authorizedFetch: true);
        await using var _ = network;

        using var unsigned = await alice.FetchAsync(app, DocumentPath, new DeliveryOptions { Unsigned = true });
        using var forged = await alice.FetchAsync(app, DocumentPath, new DeliveryOptions { SigningKey = RemoteActor.SharedKey(1) });

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Contains("not signed", await unsigned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("does not match", await forged.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(HttpSignatureScheme.DraftCavage)]
    [InlineData(HttpSignatureScheme.Rfc9421)]
    public async Task With_authorized_fetch_a_signed_fetch_is_answered_and_the_endpoint_knows_the_signer(HttpSignatureScheme scheme)
    {
        var (network, app, alice) = await StartAsync(authorizedFetch: true);
        await using var _ = network;

        using var response = await alice.FetchAsync(app, DocumentPath + "?page=true", new DeliveryOptions { Scheme = scheme });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(alice.Id, await response.Content.ReadAsStringAsync());
        Assert.Contains("Signature", response.Headers.Vary);
    }

    [Fact]
    public async Task With_authorized_fetch_a_suspended_server_is_refused_with_401_even_when_signed()
    {
        var (network, app, alice) = await StartAsync(authorizedFetch: true);
        await using var _ = network;
        await app.DbAsync(db =>
        {
            db.DomainBlocks.Add(new DomainBlock { Id = 1, Domain = "remote.test", Severity = DomainBlockSeverity.Suspend });
            return db.SaveChangesAsync();
        });

        using var response = await alice.FetchAsync(app, DocumentPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("suspended", await response.Content.ReadAsStringAsync());
        Assert.Empty(alice.Sink.Received);
    }

    /// <summary>A document endpoint that checks fetches as the real ones do, and names who signed.</summary>
    private sealed class DocumentEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(DocumentPath, branch => branch.Run(async context =>
            {
                if (await RequireSignedFetch.CheckAsync(context) is { } refusal)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }
                await context.Response.WriteAsync(context.SignedFetchActor()?.Uri ?? "anonymous");
            }));
            next(app);
        };
    }

    public sealed class Sqlite() : AuthorizedFetchTests(TestDatabase.Sqlite);
    public sealed class Postgres() : AuthorizedFetchTests(TestDatabase.Postgres);
}
