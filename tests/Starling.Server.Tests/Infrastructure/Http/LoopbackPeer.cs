using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

namespace Starling.Server.Tests.Infrastructure.Http;

/// <summary>A real Kestrel server on 127.0.0.1 standing in for another server, counting the requests it gets.</summary>
internal sealed class LoopbackPeer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;

    private LoopbackPeer(WebApplication app)
    {
        this.app = app;
    }

    public int Port { get; private set; }

    public int Requests => Volatile.Read(ref requests);

    public static async Task<LoopbackPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var peer = new LoopbackPeer(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref peer.requests);
            return next(context);
        });
        app.MapGet("/doc", (HttpContext context) =>
        {
            context.Response.Headers["X-Seen-User-Agent"] = context.Request.Headers.UserAgent.ToString();
            context.Response.Headers["X-Seen-Accept"] = context.Request.Headers.Accept.ToString();
            return Results.Text("{\"ok\":true}", "application/activity+json");
        });
        app.MapGet("/bytes/{count:int}", async (int count, bool? chunked, HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            if (chunked != true)
            {
                context.Response.ContentLength = count;
            }
            var chunk = new byte[8192];
            Array.Fill(chunk, (byte)'a');
            for (var sent = 0; sent < count; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, count - sent)));
                await context.Response.Body.FlushAsync();
            }
        });
        // A kilobyte at once, then one more every 700 ms: a server that answers at once and sends slowly.
        app.MapGet("/slow/{kilobytes:int}", async (int kilobytes, HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = kilobytes * 1024;
            for (var i = 0; i < kilobytes; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(700, context.RequestAborted);
                }
                await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        // A kilobyte of the length it declares, then nothing more: a server that stalls mid-way without closing.
        app.MapGet("/stall/{kilobytes:int}", async (int kilobytes, HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = kilobytes * 1024;
            await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/redirect/{hops:int}", (int hops) => Results.Redirect(hops <= 1 ? "/doc" : $"/redirect/{hops - 1}"));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapPost("/inbox", () => Results.Redirect("/doc"));
        await app.StartAsync();
        peer.Port = new Uri(app.Urls.First()).Port;
        return peer;
    }

    public Uri Url(string path, string host = "127.0.0.1", string scheme = "http") => new($"{scheme}://{host}:{Port}{path}");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal static class Clients
{
    public const string PublicUrl = "https://starling.test";

    public static StarlingOptions Options(bool allowPrivate) =>
        new() { PublicUrl = PublicUrl, Federation = new FederationOptions { AllowPrivateAddresses = allowPrivate } };

    public static FederationHttpClient Create(bool allowPrivate, Func<IOptions<StarlingOptions>, FederationHttpHandlerFactory>? factory = null,
        Action<FederationOptions>? configure = null)
    {
        var settings = Options(allowPrivate);
        configure?.Invoke(settings.Federation);
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        return new FederationHttpClient(factory?.Invoke(options) ?? new FederationHttpHandlerFactory(options), options);
    }
}

/// <summary>
/// Answers for <c>public.example</c> in memory, as a public server would (with a redirect to <paramref name="location"/>),
/// and sends everything else on to the real handler: a public first hop without needing the internet.
/// </summary>
internal sealed class PublicFirstHopFactory(IOptions<StarlingOptions> options, string location) : FederationHttpHandlerFactory(options)
{
    public const string Host = "public.example";

    public override HttpMessageHandler CreatePrimaryHandler() => new FirstHop(base.CreatePrimaryHandler(), location);

    private sealed class FirstHop(HttpMessageHandler network, string location) : DelegatingHandler(network)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Host != Host)
            {
                return base.SendAsync(request, cancellationToken);
            }
            var response = new HttpResponseMessage(HttpStatusCode.Found) { RequestMessage = request };
            response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            return Task.FromResult(response);
        }
    }
}
