using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Options;

namespace Starling.Testing;

/// <summary>
/// Several Starling instances in one test process, each with its own database and public host name
/// (https://alpha.test, https://beta.test, ...), connected by a routing message handler instead of sockets. Everything
/// else is real: WebFinger, actor fetches, HTTP signatures, inboxes, queues. Background workers are off; a test
/// moves the network along with <see cref="SettleAsync"/>, so nothing depends on timing. An instance can be taken
/// offline (its peers see connection failures) and brought back, or restarted on the same database.
/// </summary>
public sealed class FederationNetwork(TestDatabase database) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TestInstance> _online = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TestInstance> _instances = new(StringComparer.OrdinalIgnoreCase);

    public TestDatabase Database { get; } = database;

    /// <summary>Every request that crossed the network, in order: method, URL and the answer's status (or "offline").</summary>
    public ConcurrentQueue<string> Traffic { get; } = new();

    public TestInstance this[string host] => _instances[host];

    /// <summary>Starts an instance known as https://{host}.</summary>
    public async Task<TestInstance> StartAsync(string host, TestInstanceOptions? options = null)
    {
        options ??= new TestInstanceOptions();
        // Requests cross the network in memory, but a test machine under load can take seconds to answer one.
        var settings = new Dictionary<string, string?> { ["Starling:Federation:TimeoutSeconds"] = "120" };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }
        settings["Starling:PublicUrl"] = $"https://{host}";
        var configure = options.ConfigureServices;
        var app = await TestInstance.StartAsync(options with
        {
            Database = Database,
            Settings = settings,
            ConfigureServices = services =>
            {
                services.RemoveAll<FederationHttpHandlerFactory>();
                services.AddSingleton<FederationHttpHandlerFactory>(sp => new RoutedHandlerFactory(this, sp.GetRequiredService<IOptions<StarlingOptions>>()));
                configure?.Invoke(services);
            },
        });
        _instances[host] = app;
        _online[host] = app;
        return app;
    }

    /// <summary>
    /// Stops an instance. Started with a <see cref="TestInstanceOptions.Storage"/> of the test's own, its database
    /// survives, and <see cref="RestartAsync"/> brings it back on the same data.
    /// </summary>
    public async Task StopAsync(string host)
    {
        _online.TryRemove(host, out _);
        if (_instances.TryRemove(host, out var app))
        {
            await app.DisposeAsync();
        }
    }

    public async Task<TestInstance> RestartAsync(string host, TestStorage storage, TestInstanceOptions? options = null) =>
        await StartAsync(host, (options ?? new TestInstanceOptions()) with { Storage = storage });

    /// <summary>Makes an instance unreachable to its peers (connections fail) while it keeps running.</summary>
    public void TakeOffline(string host) => _online.TryRemove(host, out _);

    public void BringOnline(string host) => _online[host] = _instances[host];

    /// <summary>
    /// Runs every instance's due jobs and deliveries, round after round, until a whole round does nothing: every
    /// activity sent has been received and processed, and everything that caused has been sent in turn.
    /// </summary>
    public async Task SettleAsync(int maxRounds = 50)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var work = 0;
            foreach (var app in _instances.Values)
            {
                work += await app.DrainJobsAsync();
                work += await app.DrainDeliveriesAsync();
                work += await app.DrainMediaAsync();
            }
            if (work == 0)
            {
                return;
            }
        }
        throw new InvalidOperationException($"The network did not settle in {maxRounds} rounds: activities keep causing more.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _instances.Values)
        {
            await app.DisposeAsync();
        }
        _instances.Clear();
        _online.Clear();
    }

    /// <summary>A host that is not a Starling: it records what it is sent and answers as told (202 by default).</summary>
    public InboxSink AddSink(string host)
    {
        var sink = new InboxSink(host);
        _sinks[host] = sink;
        return sink;
    }

    private readonly ConcurrentDictionary<string, InboxSink> _sinks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _offlineSinks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes a sink unreachable (connections fail) until <see cref="BringSinkOnline"/>.</summary>
    public void TakeSinkOffline(string host) => _offlineSinks[host] = 0;

    public void BringSinkOnline(string host) => _offlineSinks.TryRemove(host, out _);

    private async Task<HttpResponseMessage> RouteAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.Authority;
        if (_sinks.TryGetValue(authority, out var sink) && !_offlineSinks.ContainsKey(authority))
        {
            var answer = await sink.ReceiveAsync(request, cancellationToken);
            Traffic.Enqueue($"{request.Method} {request.RequestUri} {(int)answer.StatusCode}");
            return answer;
        }
        if (!_online.TryGetValue(authority, out var app))
        {
            Traffic.Enqueue($"{request.Method} {request.RequestUri} offline");
            throw new HttpRequestException($"Connection refused ({authority})", null, HttpStatusCode.ServiceUnavailable);
        }
        using var invoker = new HttpMessageInvoker(app.Server.CreateHandler(), disposeHandler: true);
        var response = await invoker.SendAsync(request, cancellationToken);
        // Read now: disposing the invoker below aborts a body still streaming from the test server.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        Traffic.Enqueue($"{request.Method} {request.RequestUri} {(int)response.StatusCode}");
        return response;
    }

    private sealed class RoutedHandlerFactory(FederationNetwork network, IOptions<StarlingOptions> options) : FederationHttpHandlerFactory(options)
    {
        public override HttpMessageHandler CreatePrimaryHandler() => new RoutingHandler(network);
    }

    private sealed class RoutingHandler(FederationNetwork network) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            network.RouteAsync(request, cancellationToken);
    }
}

/// <summary>
/// A stand-in remote server that records the requests it receives. POSTs are answered by <see cref="Answer"/>; GETs
/// serve <see cref="Files"/>, <see cref="Documents"/> (ActivityStreams JSON, or a JRD for WebFinger), 410 for
/// <see cref="Gone"/>, else 404.
/// </summary>
public sealed class InboxSink(string host)
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    public string Host { get; } = host;

    public string Inbox => $"https://{Host}/inbox";

    /// <summary>How to answer the next POST; 202 Accepted when unset.</summary>
    public Func<HttpRequestMessage, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.Accepted;

    /// <summary>What GETs of each URL (without its fragment) answer: <c>sink.Documents[actorId] = json</c>.</summary>
    public ConcurrentDictionary<string, string> Documents { get; } = new(StringComparer.Ordinal);

    /// <summary>URLs that answer 410 Gone.</summary>
    public ConcurrentDictionary<string, bool> Gone { get; } = new(StringComparer.Ordinal);

    /// <summary>URLs that answer 200 with the content made for each GET (a file, say, of any length or none declared).</summary>
    public ConcurrentDictionary<string, Func<HttpContent>> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>URLs that answer 302 Found, sending the client to the given address.</summary>
    public ConcurrentDictionary<string, string> Redirects { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>The GETs received for a URL (fragment and escaping ignored).</summary>
    public IReadOnlyList<ReceivedRequest> FetchesOf(string url) =>
        Received.Where(r => r.Method == "GET" && Key(r.Url.AbsoluteUri) == Key(url)).ToList();

    /// <summary>Serves WebFinger for <c>acct:{username}@{Host}</c>, pointing at <paramref name="actorId"/>.</summary>
    public void ServeWebFinger(string username, string actorId) =>
        Documents[WebFingerUrl(username)] = $$"""
            {"subject":"acct:{{username}}@{{Host}}","aliases":["{{actorId}}"],"links":[{"rel":"self","type":"application/activity+json","href":"{{actorId}}"}]}
            """;

    public string WebFingerUrl(string username) =>
        $"https://{Host}/.well-known/webfinger?resource={Uri.EscapeDataString($"acct:{username}@{Host}")}";

    internal async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Method == HttpMethod.Get && Redirects.TryGetValue(Key(request.RequestUri!.AbsoluteUri), out var location))
        {
            _received.Enqueue(new ReceivedRequest(request.Method.Method, request.RequestUri!, headers, body, HttpStatusCode.Found));
            var redirect = new HttpResponseMessage(HttpStatusCode.Found) { RequestMessage = request };
            redirect.Headers.Location = new Uri(location);
            return redirect;
        }
        if (request.Method == HttpMethod.Get && Files.FirstOrDefault(f => Key(f.Key) == Key(request.RequestUri!.AbsoluteUri)).Value is { } file)
        {
            _received.Enqueue(new ReceivedRequest(request.Method.Method, request.RequestUri!, headers, body, HttpStatusCode.OK));
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = file() };
        }
        if (request.Method == HttpMethod.Get)
        {
            var key = Key(request.RequestUri!.AbsoluteUri);
            var document = Documents.FirstOrDefault(d => Key(d.Key) == key).Value;
            var found = document is not null ? HttpStatusCode.OK : Gone.Keys.Any(g => Key(g) == key) ? HttpStatusCode.Gone : HttpStatusCode.NotFound;
            _received.Enqueue(new ReceivedRequest(request.Method.Method, request.RequestUri!, headers, body, found));
            var answer = new HttpResponseMessage(found) { RequestMessage = request };
            if (document is not null)
            {
                var mediaType = request.RequestUri.AbsolutePath.StartsWith("/.well-known/webfinger", StringComparison.Ordinal) ? "application/jrd+json" : "application/activity+json";
                answer.Content = new StringContent(document, System.Text.Encoding.UTF8, mediaType);
            }
            return answer;
        }
        var status = Answer(request);
        _received.Enqueue(new ReceivedRequest(request.Method.Method, request.RequestUri!, headers, body, status));
        return new HttpResponseMessage(status) { RequestMessage = request };
    }

    private static string Key(string url)
    {
        var hash = url.IndexOf('#');
        return Uri.UnescapeDataString(hash < 0 ? url : url[..hash]);
    }
}

/// <summary>One request an <see cref="InboxSink"/> received, and how it answered.</summary>
public sealed record ReceivedRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, HttpStatusCode Answer)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
