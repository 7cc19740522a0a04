using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Infrastructure.Ids;
using Actor = Starling.ActivityPub.Vocabulary.Actor;

namespace Starling.Testing;

/// <summary>
/// Stand-ins for the remote fetcher and account resolver while the server has none registered (they are built apart
/// from the inbox handlers that use them): they read what <see cref="RemoteServers"/> publish, with the one check that
/// matters to the handlers (a document is believed only from its own host). Registered only when the server registers
/// nothing, so a server that has the real ones uses those, against the same <see cref="RemoteServers"/>.
/// </summary>
public static class StandInDereferencing
{
    public static void AddIfMissing(IServiceCollection services)
    {
        services.TryAddSingleton(new RemoteServers());
        services.TryAddScoped<IRemoteObjectFetcher, StandInObjectFetcher>();
        services.TryAddScoped<IRemoteAccountResolver, StandInAccountResolver>();
    }

    private sealed class StandInObjectFetcher(RemoteServers servers) : IRemoteObjectFetcher
    {
        public Task<ActivityObject?> FetchAsync(string uri, CancellationToken cancellationToken)
        {
            if (servers.Fetch(uri) is not { } json)
            {
                return Task.FromResult<ActivityObject?>(null);
            }
            try
            {
                var document = ActivityStreamsJson.Deserialize(json);
                var sameHost = Uri.TryCreate(document.Id, UriKind.Absolute, out var id) && id.Host == new Uri(uri).Host;
                return Task.FromResult(sameHost ? document : null);
            }
            catch (FormatException)
            {
                return Task.FromResult<ActivityObject?>(null);
            }
        }
    }

    private sealed class StandInAccountResolver(AppDbContext db, IRemoteObjectFetcher fetcher, IdGenerator ids, TimeProvider time) : IRemoteAccountResolver
    {
        public async Task<Account?> ResolveAsync(string actorUri, CancellationToken cancellationToken) =>
            await db.Accounts.FirstOrDefaultAsync(a => a.Uri == actorUri, cancellationToken)
            ?? (await fetcher.FetchAsync(actorUri, cancellationToken) is Actor actor && actor.Id == actorUri ? await UpsertAsync(actor, cancellationToken) : null);

        public Task<Account?> ResolveHandleAsync(string username, string domain, CancellationToken cancellationToken) =>
            db.Accounts.FirstOrDefaultAsync(a => a.UsernameNormalized == username.ToLowerInvariant() && a.Domain == domain, cancellationToken);

        public async Task<Account> UpsertAsync(Actor actor, CancellationToken cancellationToken)
        {
            var uri = actor.Id ?? throw new ArgumentException("An actor needs an id.", nameof(actor));
            var now = time.GetUtcNow().UtcDateTime;
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Uri == uri, cancellationToken);
            if (account is null)
            {
                var username = actor.PreferredUsername ?? uri.TrimEnd('/').Split('/')[^1];
                account = new Account { Id = ids.Next(), Username = username, UsernameNormalized = username.ToLowerInvariant(), Domain = new Uri(uri).Host, Uri = uri, CreatedAt = now };
                db.Accounts.Add(account);
            }
            account.DisplayName = actor.Name ?? "";
            account.NoteHtml = actor.Summary ?? "";
            account.Locked = actor.ManuallyApprovesFollowers == true;
            account.Bot = actor is Service;
            account.InboxUrl = actor.Inbox;
            account.SharedInboxUrl = actor.Endpoints?.SharedInbox;
            account.OutboxUrl = actor.Outbox;
            account.FollowersUrl = actor.Followers;
            account.FollowingUrl = actor.Following;
            account.FeaturedUrl = actor.Featured;
            account.AlsoKnownAs = [.. actor.AlsoKnownAs];
            account.FetchedAt = now;
            account.UpdatedAt = now;
            if (actor.PublicKey is { Id: { } keyId, PublicKeyPem: { } pem })
            {
                var key = await db.AccountKeys.FirstOrDefaultAsync(k => k.AccountId == account.Id, cancellationToken);
                if (key is null)
                {
                    db.AccountKeys.Add(new AccountKey { AccountId = account.Id, KeyId = keyId, PublicKeyPem = pem, CreatedAt = now, UpdatedAt = now });
                }
                else
                {
                    key.KeyId = keyId;
                    key.PublicKeyPem = pem;
                    key.UpdatedAt = now;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            return account;
        }
    }
}
