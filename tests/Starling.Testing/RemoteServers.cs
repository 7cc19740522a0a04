using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Starling.ActivityPub;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

namespace Starling.Testing;

/// <summary>
/// Stand-in remote servers for one <see cref="TestInstance"/>: they publish ActivityStreams documents at their ids and
/// answer the instance's fetches of them (404 for anything not published), in place of the network. Register with
/// <see cref="Register"/> in <see cref="TestInstanceOptions.ConfigureServices"/>; <see cref="Fetched"/> tells which
/// addresses the instance asked for.
/// </summary>
public sealed class RemoteServers
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    /// <summary>Every address fetched, in order, published or not.</summary>
    public ConcurrentQueue<string> Fetched { get; } = new();

    /// <summary>Publishes the document at its id (replacing what was there).</summary>
    public void Publish(ActivityObject document) =>
        _documents[document.Id ?? throw new ArgumentException("A document needs an id to be published.", nameof(document))] =
            ActivityStreamsJson.Serialize(document);

    /// <summary>Publishes JSON as it is written, at the id it names.</summary>
    public void Publish(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        _documents[parsed.RootElement.GetProperty("id").GetString()!] = json;
    }

    public void Unpublish(string uri) => _documents.TryRemove(uri, out _);

    /// <summary>The published JSON at this address, recording the fetch.</summary>
    public string? Fetch(string uri)
    {
        Fetched.Enqueue(uri);
        return _documents.TryGetValue(uri, out var json) ? json : null;
    }

    /// <summary>Makes the instance fetch from these servers: its outgoing requests are answered here.</summary>
    public void Register(IServiceCollection services)
    {
        services.RemoveAll<RemoteServers>();
        services.AddSingleton(this);
        services.RemoveAll<FederationHttpHandlerFactory>();
        services.AddSingleton<FederationHttpHandlerFactory>(sp => new Factory(this, sp.GetRequiredService<IOptions<StarlingOptions>>()));
    }

    private sealed class Factory(RemoteServers servers, IOptions<StarlingOptions> options) : FederationHttpHandlerFactory(options)
    {
        public override HttpMessageHandler CreatePrimaryHandler() => new Handler(servers);
    }

    private sealed class Handler(RemoteServers servers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var json = request.Method == HttpMethod.Get ? servers.Fetch(request.RequestUri!.AbsoluteUri) : null;
            var response = json is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request }
                : new HttpResponseMessage(HttpStatusCode.OK)
                {
                    RequestMessage = request,
                    Content = new StringContent(json, Encoding.UTF8, ActivityStreamsMediaTypes.Activity),
                };
            return Task.FromResult(response);
        }
    }
}
