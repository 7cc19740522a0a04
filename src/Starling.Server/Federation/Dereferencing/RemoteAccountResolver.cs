using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.ActivityPub.Vocabulary;
using Starling.ActivityPub.WebFinger;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Features.Moderation;
using Starling.Server.Federation.Mapping;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Options;

namespace Starling.Server.Federation.Dereferencing;

/// <summary>An actor document that cannot become an account (no username, an inbox on another server, ...).</summary>
public sealed class InvalidActorException(string message) : Exception(message);

/// <summary>
/// Finds remote accounts by actor id or by handle (WebFinger), fetching and storing them when unknown or stale
/// (older than <c>Starling:Federation:ActorRefreshSeconds</c>). A server that cannot be reached leaves a stale account
/// as it was rather than losing it. Reads and writes go through a database scope of their own, so a caller with
/// unfinished changes of its own is never saved by accident; the accounts returned are therefore not tracked by the
/// caller's context (use their ids).
/// </summary>
public sealed class RemoteAccountResolver(
    RemoteObjectFetcher fetcher,
    FederationHttpClient http,
    ActorMapper mapper,
    IServiceScopeFactory scopes,
    DomainBlockPolicy domainBlocks,
    IdGenerator ids,
    IOptions<StarlingOptions> options,
    TimeProvider time,
    ILogger<RemoteAccountResolver> logger) : IRemoteAccountResolver
{
    private readonly StarlingOptions _options = options.Value;

    public Task<Account?> ResolveAsync(string actorUri, CancellationToken cancellationToken) =>
        ResolveAsync(actorUri, refresh: false, cancellationToken);

    /// <summary>Fetches the actor again whatever its age (its key may have changed), storing what it says now.</summary>
    public Task<Account?> RefreshAsync(string actorUri, CancellationToken cancellationToken) =>
        ResolveAsync(actorUri, refresh: true, cancellationToken);

    private async Task<Account?> ResolveAsync(string actorUri, bool refresh, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(actorUri, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return null;
        }
        if (url.Fragment.Length > 0)
        {
            actorUri = new UriBuilder(url) { Fragment = "" }.Uri.AbsoluteUri;
        }
        Account? known;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (IsLocal(url))
            {
                return await LocalAccountAsync(db, url, cancellationToken);
            }
            if (await domainBlocks.IsSuspendedAsync(url.Host, cancellationToken))
            {
                logger.LogDebug("Not resolving {Actor}: its server is suspended", actorUri);
                return null;
            }
            known = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Uri == actorUri, cancellationToken);
        }
        if (known is not null && !refresh && IsFresh(known))
        {
            return known;
        }
        var fetched = await FetchActorAsync(actorUri, cancellationToken);
        return fetched is null ? known : await UpsertAsync(fetched, cancellationToken);
    }

    public async Task<Account?> ResolveHandleAsync(string username, string domain, CancellationToken cancellationToken)
    {
        username = username.Trim().TrimStart('@');
        domain = domain.Trim().ToLowerInvariant();
        if (username.Length == 0 || domain.Length == 0 || !WebFingerResource.TryParse($"acct:{username}@{domain}", out var resource))
        {
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = username.ToLowerInvariant();
        if (string.Equals(resource.Authority, _options.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UsernameNormalized == normalized && a.Domain == null, cancellationToken);
        }
        if (await domainBlocks.IsSuspendedAsync(resource.Host, cancellationToken))
        {
            logger.LogDebug("Not resolving @{Username}@{Domain}: its server is suspended", username, domain);
            return null;
        }
        var authority = resource.Authority;
        var known = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UsernameNormalized == normalized && a.Domain == authority, cancellationToken);
        if (known is not null && IsFresh(known))
        {
            return known;
        }
        var actorId = await WebFingerAsync(resource, cancellationToken);
        if (actorId is null)
        {
            return known;
        }
        return await ResolveAsync(actorId, refresh: true, cancellationToken) ?? known;
    }

    public async Task<Account> UpsertAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (ActorMapper.Problem(actor) is { } problem)
        {
            throw new InvalidActorException($"The actor {actor.Id ?? "(no id)"} cannot be stored: {problem}.");
        }
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                return await SaveAsync(scope.ServiceProvider, actor, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another request stored the same actor (or took its name) at the same moment: read again and update.
            }
        }
    }

    private async Task<Account> SaveAsync(IServiceProvider services, Actor actor, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Uri == actor.Id, cancellationToken);
        if (account is null)
        {
            account = new Account { Id = ids.Next(), Username = "", UsernameNormalized = "", CreatedAt = default };
            db.Accounts.Add(account);
        }
        var (avatar, header) = (account.AvatarRemoteUrl, account.HeaderRemoteUrl);
        mapper.Apply(actor, account, now);
        // Committed with the account, so a new or changed picture is never left unfetched.
        await services.GetRequiredService<RemoteAccountPictures>().ActorReadAsync(account, avatar, header, cancellationToken);
        await FreeUsernameAsync(db, account, cancellationToken);
        await StoreKeyAsync(db, account, actor, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(account).State = EntityState.Detached;
        return account;
    }

    /// <summary>
    /// (username, domain) is unique. When another actor of the same server holds the name (an account deleted there
    /// and made again), the one just fetched is the server's current word: the older row gives the name up.
    /// </summary>
    private async Task FreeUsernameAsync(AppDbContext db, Account account, CancellationToken cancellationToken)
    {
        var holder = await db.Accounts.FirstOrDefaultAsync(
            a => a.UsernameNormalized == account.UsernameNormalized && a.Domain == account.Domain && a.Id != account.Id, cancellationToken);
        if (holder is null)
        {
            return;
        }
        logger.LogInformation("{Old} gives up the name @{Username}@{Domain} to {New}", holder.Uri, account.Username, account.Domain, account.Uri);
        var renamed = $"{holder.Username}~{holder.Id}";
        holder.Username = renamed;
        holder.UsernameNormalized = renamed.ToLowerInvariant();
        holder.FetchedAt = null;
        // Saved before the new name is taken, so the unique index never sees two holders at once.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task StoreKeyAsync(AppDbContext db, Account account, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        if (ActorMapper.OwnedKey(actor) is not var (keyId, pem))
        {
            return;
        }
        var other = await db.AccountKeys.AnyAsync(k => k.KeyId == keyId && k.AccountId != account.Id, cancellationToken);
        if (other)
        {
            logger.LogWarning("{Actor} publishes the key {KeyId}, which another account holds; the key is not stored", actor.Id, keyId);
            return;
        }
        var key = await db.AccountKeys.FirstOrDefaultAsync(k => k.AccountId == account.Id, cancellationToken);
        if (key is null)
        {
            db.AccountKeys.Add(new AccountKey { AccountId = account.Id, KeyId = keyId, PublicKeyPem = pem, CreatedAt = now, UpdatedAt = now });
        }
        else if (key.KeyId != keyId || key.PublicKeyPem != pem)
        {
            key.KeyId = keyId;
            key.PublicKeyPem = pem;
            key.UpdatedAt = now;
        }
    }

    /// <summary>
    /// Stores a key published in a document of its own (not inside the actor) for an account already stored, when the
    /// key names that account as its owner.
    /// </summary>
    internal async Task StoreDetachedKeyAsync(long accountId, string keyId, string pem, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AccountKeys.AnyAsync(k => k.KeyId == keyId && k.AccountId != accountId, cancellationToken))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var key = await db.AccountKeys.FirstOrDefaultAsync(k => k.AccountId == accountId, cancellationToken);
        if (key is null)
        {
            db.AccountKeys.Add(new AccountKey { AccountId = accountId, KeyId = keyId, PublicKeyPem = pem, CreatedAt = now, UpdatedAt = now });
        }
        else
        {
            key.KeyId = keyId;
            key.PublicKeyPem = pem;
            key.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Actor?> FetchActorAsync(string actorUri, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(actorUri, cancellationToken);
        if (fetched is not Actor actor)
        {
            if (fetched is not null)
            {
                logger.LogDebug("{Uri} is a {Type}, not an actor", actorUri, fetched.Type);
            }
            return null;
        }
        if (ActorMapper.Problem(actor) is { } problem)
        {
            logger.LogInformation("Refused the actor {Uri}: {Problem}", actorUri, problem);
            return null;
        }
        return actor;
    }

    /// <summary>Asks the handle's server which actor it is; null when it does not say, or names something unusable.</summary>
    private async Task<string?> WebFingerAsync(WebFingerResource resource, CancellationToken cancellationToken)
    {
        var query = resource.QueryUri(WebFingerScheme(resource.Host));
        FederationResponse response;
        try
        {
            response = await http.GetAsync(query, new FetchOptions { Accept = "application/jrd+json, application/json" }, cancellationToken);
        }
        catch (Exception exception) when (exception is FetchRefusedException or HttpRequestException or TimeoutException)
        {
            logger.LogInformation("WebFinger for {Resource} failed: {Reason}", resource, exception.Message);
            return null;
        }
        if (!response.IsSuccess)
        {
            logger.LogInformation("WebFinger for {Resource} failed: {Status}", resource, (int)response.StatusCode);
            return null;
        }
        try
        {
            var document = WebFingerDocument.Parse(response.Body);
            var actorId = document.ActorId;
            if (actorId is null || !Uri.TryCreate(actorId, UriKind.Absolute, out var actorUrl) || actorUrl.Scheme is not ("https" or "http"))
            {
                logger.LogInformation("WebFinger for {Resource} names no ActivityPub actor", resource);
                return null;
            }
            return actorId;
        }
        catch (FormatException exception)
        {
            logger.LogInformation("WebFinger for {Resource} answered with something unreadable: {Reason}", resource, exception.Message);
            return null;
        }
    }

    /// <summary>https, except for a server on this machine when private addresses are allowed (development and tests).</summary>
    private string WebFingerScheme(string host) =>
        _options.Federation.AllowPrivateAddresses && (host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
            ? Uri.UriSchemeHttp
            : Uri.UriSchemeHttps;

    private bool IsFresh(Account account) =>
        account.FetchedAt is { } fetched && time.GetUtcNow().UtcDateTime - fetched < _options.Federation.ActorRefresh;

    private bool IsLocal(Uri url) => string.Equals(url.Authority, _options.PublicUri.Authority, StringComparison.OrdinalIgnoreCase);

    /// <summary>This server's own actors, found by their ids (<c>/users/{name}</c>) rather than fetched.</summary>
    private static async Task<Account?> LocalAccountAsync(AppDbContext db, Uri url, CancellationToken cancellationToken)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || segments[0] != "users")
        {
            return null;
        }
        var username = Uri.UnescapeDataString(segments[1]).ToLowerInvariant();
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UsernameNormalized == username && a.Domain == null, cancellationToken);
    }
}
