using System.Net;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Http;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>A document fetched from its origin: the object read from it, its JSON as received, and where it came from.</summary>
/// <param name="FinalUrl">The URL that answered, after redirects.</param>
public sealed record FetchedDocument(ActivityObject Object, ReadOnlyMemory<byte> Json, Uri FinalUrl);

/// <summary>
/// Fetches ActivityStreams documents through <see cref="FederationHttpClient"/> (safe addresses, size and time limits,
/// redirects checked per hop), each request signed by the instance actor (draft-cavage, re-signed on every redirect), so
/// servers in authorized-fetch mode answer. A document is believed only when its id is on the host that served it:
/// anyone can serve a JSON file that claims to be someone else's post.
/// </summary>
public sealed class RemoteObjectFetcher(
    FederationHttpClient http,
    IServiceScopeFactory scopes,
    LocalUrls urls,
    TimeProvider time,
    ILogger<RemoteObjectFetcher> logger) : IRemoteObjectFetcher
{
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private string? _instanceKeyPem;

    public async Task<ActivityObject?> FetchAsync(string uri, CancellationToken cancellationToken) =>
        (await FetchDocumentAsync(uri, cancellationToken))?.Object;

    /// <summary>Like <see cref="FetchAsync"/>, with the JSON as received (for what the vocabulary does not read, such as a bare key document).</summary>
    public async Task<FetchedDocument?> FetchDocumentAsync(string uri, CancellationToken cancellationToken)
    {
        if (!TryTarget(uri, out var target))
        {
            logger.LogDebug("Not fetching '{Uri}': not an absolute http(s) URL", uri);
            return null;
        }
        var key = await InstanceKeyPemAsync(cancellationToken);
        var signer = new DraftCavageSigner(time);
        FederationResponse response;
        try
        {
            response = await http.GetAsync(target, new FetchOptions
            {
                PrepareRequest = async (request, token) =>
                {
                    using var signingKey = new HttpSigningKey(urls.InstanceActorKeyId, key);
                    await signer.SignAsync(request, signingKey, token);
                },
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is FetchRefusedException or HttpRequestException or TimeoutException)
        {
            logger.LogInformation("Fetching {Url} failed: {Reason}", Describe(target), exception.Message);
            return null;
        }
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            logger.LogDebug("{Url} is gone (410)", Describe(target));
            return null;
        }
        if (!response.IsSuccess)
        {
            logger.LogInformation("Fetching {Url} failed: {Status}", Describe(target), (int)response.StatusCode);
            return null;
        }
        ActivityObject document;
        try
        {
            document = ActivityStreamsJson.Deserialize(response.Body);
        }
        catch (FormatException exception)
        {
            logger.LogInformation("{Url} did not answer with an ActivityStreams document: {Reason}", Describe(target), exception.Message);
            return null;
        }
        if (document.Id is null || !Uri.TryCreate(document.Id, UriKind.Absolute, out var id) || !SameOrigin(id, response.Uri))
        {
            logger.LogWarning("Refused the document from {Url}: its id {Id} is not on the host that served it", Describe(response.Uri), document.Id ?? "(none)");
            return null;
        }
        return new FetchedDocument(document, response.Body, response.Uri);
    }

    /// <summary>Whether two URLs are on the same host and port (ids are compared by origin, as servers are).</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static bool TryTarget(string uri, out Uri target)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
        {
            // A key id such as https://host/users/a#main-key names a part of the actor document; the fragment is not sent.
            target = new UriBuilder(parsed) { Fragment = "" }.Uri;
            return true;
        }
        target = null!;
        return false;
    }

    private async Task<string> InstanceKeyPemAsync(CancellationToken cancellationToken)
    {
        if (_instanceKeyPem is { } cached)
        {
            return cached;
        }
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_instanceKeyPem is null)
            {
                // Its own scope: the key may be made here, and that must not save a caller's unfinished changes.
                await using var scope = scopes.CreateAsyncScope();
                var key = await scope.ServiceProvider.GetRequiredService<AccountKeys>().ForInstanceActorAsync(cancellationToken);
                _instanceKeyPem = key.PrivateKeyPem;
            }
            return _instanceKeyPem;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static string Describe(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}
