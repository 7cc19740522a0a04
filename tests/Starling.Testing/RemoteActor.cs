using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Options;

namespace Starling.Testing;

/// <summary>How a <see cref="RemoteActor"/> signs one delivery, and how the test spoils it.</summary>
public sealed record DeliveryOptions
{
    public HttpSignatureScheme Scheme { get; init; } = HttpSignatureScheme.DraftCavage;

    /// <summary>Sign with this key instead of the actor's own (under the actor's key id unless <see cref="KeyId"/> is set).</summary>
    public RsaKeyPair? SigningKey { get; init; }

    public string? KeyId { get; init; }

    /// <summary>The signer's clock; by default the instance's own.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Leave the request unsigned.</summary>
    public bool Unsigned { get; init; }

    /// <summary>Changes the request after it was signed (a new body, another header).</summary>
    public Action<HttpRequestMessage>? AfterSigning { get; init; }
}

/// <summary>
/// An actor on an <see cref="InboxSink"/> host, as another server would publish it: an actor document with a public
/// key, WebFinger, and signed deliveries to a Starling inbox. Its <see cref="Document"/> can be changed and published
/// again (a new name, a rotated key).
/// </summary>
public sealed class RemoteActor
{
    private static readonly Lazy<RsaKeyPair[]> SharedKeys = new(() => [.. Enumerable.Range(0, 4).AsParallel().Select(_ => RsaKeyPair.Generate())]);

    public RemoteActor(InboxSink sink, string username, RsaKeyPair? key = null)
    {
        Sink = sink;
        Username = username;
        Key = key ?? SharedKey(0);
        Document = new Person
        {
            Id = Id,
            PreferredUsername = username,
            Name = username,
            Inbox = $"{Id}/inbox",
            Outbox = $"{Id}/outbox",
            Followers = $"{Id}/followers",
            Following = $"{Id}/following",
            Endpoints = new ActorEndpoints { SharedInbox = sink.Inbox },
            Url = $"https://{sink.Host}/@{username}",
        };
        SetKey(Key);
    }

    /// <summary>One of a few real RSA keys made once per test run (index 0 to 3), so tests need not spend CPU on keys.</summary>
    public static RsaKeyPair SharedKey(int index) => SharedKeys.Value[index];

    public InboxSink Sink { get; }

    public string Username { get; }

    public string Id => $"https://{Sink.Host}/users/{Username}";

    public string KeyId => $"{Id}#main-key";

    public RsaKeyPair Key { get; private set; }

    public Person Document { get; }

    /// <summary>Serves the actor document and its WebFinger answer from the sink.</summary>
    public RemoteActor Publish()
    {
        Sink.Documents[Id] = ActivityStreamsJson.Serialize(Document);
        Sink.ServeWebFinger(Username, Id);
        return this;
    }

    /// <summary>A new key pair, published at once, as an actor rotating its key does.</summary>
    public RemoteActor RotateKey(RsaKeyPair key)
    {
        SetKey(key);
        return Publish();
    }

    /// <summary>A <c>Create</c> of a public note by this actor, as JSON.</summary>
    public string Create(string text = "Hello", string? id = null)
    {
        var noteId = id ?? $"{Id}/statuses/{Guid.NewGuid():N}";
        var create = new Create
        {
            Id = $"{noteId}/activity",
            Actor = Id,
            To = [PublicCollection.Id],
            Object = new Note { Id = noteId, AttributedTo = Id, Content = $"<p>{text}</p>", To = [PublicCollection.Id], Published = DateTimeOffset.UtcNow },
        };
        return ActivityStreamsJson.Serialize(create);
    }

    /// <summary>POSTs the JSON, signed by this actor, to an inbox of the instance (<c>/inbox</c> or <c>/users/{name}/inbox</c>).</summary>
    public Task<HttpResponseMessage> DeliverAsync(TestInstance app, string json, string inboxPath = "/inbox", DeliveryOptions? options = null) =>
        DeliverAsync(app, Encoding.UTF8.GetBytes(json), inboxPath, options);

    public async Task<HttpResponseMessage> DeliverAsync(TestInstance app, byte[] body, string inboxPath = "/inbox", DeliveryOptions? options = null)
    {
        options ??= new DeliveryOptions();
        var publicUrl = app.Services.GetRequiredService<IOptions<StarlingOptions>>().Value.PublicUrl.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Post, publicUrl + inboxPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/activity+json");
        await SignAsync(app, request, options);
        options.AfterSigning?.Invoke(request);
        using var invoker = new HttpMessageInvoker(app.Server.CreateHandler());
        return await invoker.SendAsync(request, CancellationToken.None);
    }

    /// <summary>A GET of the instance's URL, signed by this actor (an authorized fetch).</summary>
    public async Task<HttpResponseMessage> FetchAsync(TestInstance app, string pathAndQuery, DeliveryOptions? options = null)
    {
        options ??= new DeliveryOptions();
        var publicUrl = app.Services.GetRequiredService<IOptions<StarlingOptions>>().Value.PublicUrl.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, publicUrl + pathAndQuery);
        request.Headers.Accept.ParseAdd("application/activity+json");
        await SignAsync(app, request, options);
        options.AfterSigning?.Invoke(request);
        using var invoker = new HttpMessageInvoker(app.Server.CreateHandler());
        return await invoker.SendAsync(request, CancellationToken.None);
    }

    private async Task SignAsync(TestInstance app, HttpRequestMessage request, DeliveryOptions options)
    {
        if (options.Unsigned)
        {
            return;
        }
        var clock = options.Clock ?? app.Services.GetRequiredService<TimeProvider>();
        using var key = new HttpSigningKey(options.KeyId ?? KeyId, (options.SigningKey ?? Key).PrivateKeyPem);
        if (options.Scheme == HttpSignatureScheme.Rfc9421)
        {
            await new Rfc9421Signer(clock).SignAsync(request, key);
        }
        else
        {
            await new DraftCavageSigner(clock).SignAsync(request, key);
        }
    }

    private void SetKey(RsaKeyPair key)
    {
        Key = key;
        Document.PublicKey = new PublicKey { Id = KeyId, Owner = Id, PublicKeyPem = key.PublicKeyPem };
    }
}
