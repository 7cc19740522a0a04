using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Hosting;
using Starling.Server.Options;

namespace Starling.Server.Tests.Hosting;

/// <summary>X-Forwarded-For and X-Forwarded-Proto count only when a trusted proxy sent them.</summary>
public sealed class TrustedProxiesTests
{
    /// <summary>A bare app with only the reverse-proxy setup, answering with the client address and scheme it sees.</summary>
    private static async Task<string> SeenThrough(string[] trustedProxies, string connectingFrom, string forwardedFor = "198.51.100.7", string forwardedProto = "https")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddTrustedProxies(new StarlingOptions { TrustedProxies = [.. trustedProxies] });
        await using var app = builder.Build();
        app.UseTrustedProxies();
        app.MapGet("/seen", (HttpContext context) => $"{context.Connection.RemoteIpAddress} {context.Request.Scheme}");
        await app.StartAsync();

        var context = await app.GetTestServer().SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/seen";
            context.Request.Scheme = "http";
            context.Connection.RemoteIpAddress = IPAddress.Parse(connectingFrom);
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        });
        return await new StreamReader(context.Response.Body).ReadToEndAsync();
    }

    [Fact]
    public async Task By_default_only_a_proxy_on_this_machine_is_believed()
    {
        Assert.Equal("198.51.100.7 https", await SeenThrough([], "127.0.0.1"));
        Assert.Equal("198.51.100.7 https", await SeenThrough([], "::1"));
        Assert.Equal("203.0.113.9 http", await SeenThrough([], "203.0.113.9"));
    }

    [Fact]
    public async Task A_configured_network_is_believed_and_loopback_no_longer_is()
    {
        Assert.Equal("198.51.100.7 https", await SeenThrough(["10.0.0.0/8"], "10.1.2.3"));
        Assert.Equal("11.1.2.3 http", await SeenThrough(["10.0.0.0/8"], "11.1.2.3"));
        Assert.Equal("127.0.0.1 http", await SeenThrough(["10.0.0.0/8"], "127.0.0.1"));
        Assert.Equal("::1 http", await SeenThrough(["10.0.0.0/8"], "::1"));
    }

    [Fact]
    public async Task A_configured_single_address_is_believed_and_its_neighbour_is_not()
    {
        Assert.Equal("198.51.100.7 https", await SeenThrough(["192.0.2.10"], "192.0.2.10"));
        Assert.Equal("192.0.2.11 http", await SeenThrough(["192.0.2.10"], "192.0.2.11"));
        Assert.Equal("198.51.100.7 https", await SeenThrough(["2001:db8::1"], "2001:db8::1"));
    }

    /// <summary>
    /// Through Starling's own pipeline: requests from loopback are exempt from rate limits, so the limit headers show
    /// whether the server took the client to be on this machine.
    /// </summary>
    private static async Task<bool> LooksLocal(TestInstance app, string connectingFrom, string? forwardedFor)
    {
        var context = await app.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/api/v1/instance";
            context.Connection.RemoteIpAddress = IPAddress.Parse(connectingFrom);
            if (forwardedFor is not null)
            {
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return !context.Response.Headers.ContainsKey(ApiRateLimiter.LimitHeader);
    }

    [Fact]
    public async Task Starlings_pipeline_believes_forwarded_addresses_only_from_trusted_proxies()
    {
        await using (var defaults = await TestInstance.StartAsync(TestDatabase.Sqlite))
        {
            Assert.True(await LooksLocal(defaults, "127.0.0.1", null));
            Assert.False(await LooksLocal(defaults, "127.0.0.1", "198.51.100.7"));
            Assert.False(await LooksLocal(defaults, "203.0.113.9", "127.0.0.1"));
        }
        await using var configured = await TestInstance.StartAsync(new TestInstanceOptions
        {
            Settings = new Dictionary<string, string?> { ["Starling:TrustedProxies:0"] = "203.0.113.0/24" },
        });
        Assert.True(await LooksLocal(configured, "203.0.113.9", "127.0.0.1"));
        Assert.False(await LooksLocal(configured, "198.51.100.1", "127.0.0.1"));
        // Once proxies are named, a loopback caller is no longer a proxy: its X-Forwarded-For is ignored.
        Assert.True(await LooksLocal(configured, "127.0.0.1", "198.51.100.7"));
    }
}
