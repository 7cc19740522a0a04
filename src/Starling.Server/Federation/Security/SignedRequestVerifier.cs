using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Signatures;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Moderation;
using Starling.Server.Federation.Dereferencing;

namespace Starling.Server.Federation.Security;

/// <summary>The outcome of checking a request's HTTP signature.</summary>
public sealed record SignedRequestResult
{
    /// <summary>The remote account whose key made the signature; null when it failed.</summary>
    public Account? Signer { get; private init; }

    /// <summary>The status to refuse with: 401 (not signed, or not verifiable) or 403 (a suspended server).</summary>
    public int FailureStatus { get; private init; }

    /// <summary>Why it failed, fit for the log and for the peer (no secrets).</summary>
    public string? FailureReason { get; private init; }

    public string? KeyId { get; private init; }

    public bool Succeeded => Signer is not null;

    public static SignedRequestResult Verified(Account signer, string keyId) => new() { Signer = signer, KeyId = keyId };

    public static SignedRequestResult Unauthorized(string reason, string? keyId = null) =>
        new() { FailureStatus = StatusCodes.Status401Unauthorized, FailureReason = reason, KeyId = keyId };

    public static SignedRequestResult Forbidden(string reason, string? keyId = null) =>
        new() { FailureStatus = StatusCodes.Status403Forbidden, FailureReason = reason, KeyId = keyId };
}

/// <summary>
/// Checks the HTTP signature of a request from another server (draft-cavage or RFC 9421) and finds the remote account
/// that made it. The key is looked up by its id among stored keys; an unknown key is fetched (the key id's document, an
/// actor or a key naming its owner) and its owner stored. A signature that fails with a stored key is given one more
/// chance after the owner is fetched again, since the actor may have rotated its key. Servers that are suspended here
/// are refused with 403 before anything is fetched from them.
/// </summary>
public sealed class SignedRequestVerifier(
    HttpSignatureVerifier verifier,
    RemoteAccountResolver accounts,
    RemoteObjectFetcher fetcher,
    IServiceScopeFactory scopes,
    DomainBlockPolicy domainBlocks,
    SigningKeyCache keys,
    TimeProvider time,
    ILogger<SignedRequestVerifier> logger)
{
    /// <summary>
    /// How often a failed signature may make us fetch the same actor again: a key rotates rarely, and anyone can send
    /// bad signatures in someone's name to make us hammer their server.
    /// </summary>
    public static readonly TimeSpan RefetchInterval = TimeSpan.FromMinutes(1);

    private const int MaxRememberedRefetches = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _refetched = new(StringComparer.Ordinal);

    /// <summary>Step one alone (no key, no network): whether the request carries a signature that could be checked.</summary>
    public SignatureParseResult Parse(InboundRequest request) => verifier.Parse(request);

    public async Task<SignedRequestResult> VerifyAsync(InboundRequest request, CancellationToken cancellationToken) =>
        await VerifyAsync(verifier.Parse(request), cancellationToken);

    public async Task<SignedRequestResult> VerifyAsync(SignatureParseResult parsed, CancellationToken cancellationToken)
    {
        if (!parsed.Succeeded)
        {
            return SignedRequestResult.Unauthorized(parsed.FailureReason);
        }
        SignedRequestResult? firstFailure = null;
        foreach (var signature in parsed.Candidates)
        {
            var result = await VerifyOneAsync(signature, cancellationToken);
            if (result.Succeeded || result.FailureStatus == StatusCodes.Status403Forbidden)
            {
                return result;
            }
            firstFailure ??= result;
        }
        return firstFailure!;
    }

    private async Task<SignedRequestResult> VerifyOneAsync(ParsedSignature signature, CancellationToken cancellationToken)
    {
        var keyId = signature.KeyId;
        if (!Uri.TryCreate(keyId, UriKind.Absolute, out var keyUrl) || keyUrl.Scheme is not ("https" or "http"))
        {
            return SignedRequestResult.Unauthorized($"the key id '{keyId}' is not an http(s) URL", keyId);
        }
        var stored = await StoredKeyAsync(keyId, cancellationToken);
        if (stored is { Account.IsSuspended: true })
        {
            return SignedRequestResult.Forbidden($"the key {keyId} belongs to a suspended account", keyId);
        }
        if (stored is not { Account.IsLocal: true } && await domainBlocks.IsSuspendedAsync(keyUrl.Host, cancellationToken))
        {
            return SignedRequestResult.Forbidden($"{keyUrl.Host} is suspended on this server", keyId);
        }
        if (stored is { } found)
        {
            var check = verifier.Verify(signature, found.Pem);
            if (check.Succeeded)
            {
                return SignedRequestResult.Verified(found.Account, keyId);
            }
            if (found.Account.IsLocal || found.Account.Uri is null)
            {
                return SignedRequestResult.Unauthorized(check.FailureReason ?? "the signature does not match", keyId);
            }
            // The remembered key may be older than the database's (another node refetched the actor).
            if (await StoredKeyAsync(keyId, cancellationToken, fresh: true) is { } current && current.Pem != found.Pem)
            {
                return Check(signature, current);
            }
            if (!MayRefetch(found.Account.Uri))
            {
                return SignedRequestResult.Unauthorized(check.FailureReason ?? "the signature does not match", keyId);
            }
            // The actor may have a new key since we stored it: fetch it once more and try again.
            logger.LogDebug("A signature by {KeyId} failed with the stored key; fetching {Actor} again", keyId, found.Account.Uri);
            await accounts.RefreshAsync(found.Account.Uri, cancellationToken);
            var refreshed = await StoredKeyAsync(keyId, cancellationToken, fresh: true);
            if (refreshed is null || refreshed.Value.Pem == found.Pem)
            {
                return SignedRequestResult.Unauthorized(check.FailureReason ?? "the signature does not match", keyId);
            }
            return Check(signature, refreshed.Value);
        }

        var owner = await FetchKeyOwnerAsync(keyId, cancellationToken);
        if (owner is null)
        {
            return SignedRequestResult.Unauthorized($"the key {keyId} could not be fetched, or names no owner that publishes it", keyId);
        }
        var fetched = await StoredKeyAsync(keyId, cancellationToken);
        return fetched is null
            ? SignedRequestResult.Unauthorized($"the actor {owner.Uri} does not publish the key {keyId}", keyId)
            : Check(signature, fetched.Value);
    }

    private bool MayRefetch(string actorUri)
    {
        var now = time.GetUtcNow();
        if (_refetched.TryGetValue(actorUri, out var last) && now - last < RefetchInterval)
        {
            return false;
        }
        if (_refetched.Count >= MaxRememberedRefetches)
        {
            _refetched.Clear();
        }
        _refetched[actorUri] = now;
        return true;
    }

    private SignedRequestResult Check(ParsedSignature signature, (Account Account, string Pem) key)
    {
        var check = verifier.Verify(signature, key.Pem);
        return check.Succeeded
            ? SignedRequestResult.Verified(key.Account, signature.KeyId)
            : SignedRequestResult.Unauthorized(check.FailureReason ?? "the signature does not match", signature.KeyId);
    }

    /// <summary>
    /// Fetches the key id's document and stores its owner: usually the actor itself (Mastodon's <c>#main-key</c> is a
    /// fragment of the actor document), sometimes a key document naming its owner, whose actor is then fetched.
    /// </summary>
    private async Task<Account?> FetchKeyOwnerAsync(string keyId, CancellationToken cancellationToken)
    {
        var document = await fetcher.FetchDocumentAsync(keyId, cancellationToken);
        if (document is null)
        {
            return null;
        }
        if (document.Object is Actor actor)
        {
            try
            {
                return await accounts.UpsertAsync(actor, cancellationToken);
            }
            catch (InvalidActorException exception)
            {
                logger.LogInformation("The owner of the key {KeyId} cannot be stored: {Reason}", keyId, exception.Message);
                return null;
            }
        }
        var (ownerId, pem) = ReadKeyDocument(document.Json.Span);
        if (ownerId is null || !Uri.TryCreate(ownerId, UriKind.Absolute, out var ownerUrl) || !RemoteObjectFetcher.SameOrigin(ownerUrl, document.FinalUrl))
        {
            return null;
        }
        var owner = await accounts.RefreshAsync(ownerId, cancellationToken);
        if (owner is null || owner.Uri != ownerId)
        {
            return null;
        }
        if (pem is not null && await StoredKeyAsync(keyId, cancellationToken) is null)
        {
            await accounts.StoreDetachedKeyAsync(owner.Id, keyId, pem, cancellationToken);
        }
        return owner;
    }

    /// <summary>A bare key document (<c>{"id", "owner", "publicKeyPem"}</c>), which the vocabulary has no class for.</summary>
    private static (string? Owner, string? Pem) ReadKeyDocument(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var owner = root.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var pem = root.TryGetProperty("publicKeyPem", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return (owner, pem);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private async Task<(Account Account, string Pem)?> StoredKeyAsync(string keyId, CancellationToken cancellationToken, bool fresh = false)
    {
        if (!fresh && keys.Find(keyId) is { } cached)
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.AccountKeys.AsNoTracking()
            .Where(k => k.KeyId == keyId)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new { Account = a, k.PublicKeyPem })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        keys.Remember(keyId, row.Account, row.PublicKeyPem);
        return (row.Account, row.PublicKeyPem);
    }
}
