using Microsoft.Extensions.DependencyInjection;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure.Ids;
using As = Starling.ActivityPub.Vocabulary;

namespace Starling.Testing;

/// <summary>
/// Remote accounts arranged directly in a test instance's database, as if their actors had been fetched a moment ago:
/// the account row with Mastodon's addresses (https://{host}/users/{name}, its inbox, followers and featured
/// collections) and its public key. Given <see cref="RemoteServers"/>, the actor document is published there too.
/// </summary>
public static class RemoteAccountSetup
{
    /// <param name="handle">"name@host".</param>
    public static async Task<Account> AddRemoteAccountAsync(this TestInstance app, string handle, RemoteServers? servers = null,
        bool locked = false, IReadOnlyList<string>? alsoKnownAs = null, bool sharedInbox = true)
    {
        var document = ActorDocument(handle, app.Services.GetRequiredService<AccountKeyGenerator>().Generate().PublicKeyPem, locked, alsoKnownAs, sharedInbox);
        servers?.Publish(document);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var (username, host) = Split(handle);
        var account = new Account
        {
            Id = app.Services.GetRequiredService<IdGenerator>().Next(),
            Username = username,
            UsernameNormalized = username.ToLowerInvariant(),
            Domain = host,
            DisplayName = username,
            Locked = locked,
            Uri = document.Id,
            Url = $"https://{host}/@{username}",
            InboxUrl = document.Inbox,
            SharedInboxUrl = document.Endpoints?.SharedInbox,
            OutboxUrl = document.Outbox,
            FollowersUrl = document.Followers,
            FollowingUrl = document.Following,
            FeaturedUrl = document.Featured,
            AlsoKnownAs = [.. document.AlsoKnownAs],
            FetchedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await app.DbAsync(async db =>
        {
            db.Accounts.Add(account);
            db.AccountKeys.Add(new AccountKey { AccountId = account.Id, KeyId = document.PublicKey!.Id!, PublicKeyPem = document.PublicKey.PublicKeyPem!, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        });
        return account;
    }

    /// <summary>The actor document a Mastodon server would publish for "name@host".</summary>
    public static As.Person ActorDocument(string handle, string publicKeyPem, bool locked = false, IReadOnlyList<string>? alsoKnownAs = null,
        bool sharedInbox = true)
    {
        var (username, host) = Split(handle);
        var id = $"https://{host}/users/{username}";
        return new As.Person
        {
            Id = id,
            PreferredUsername = username,
            Name = username,
            Url = $"https://{host}/@{username}",
            Inbox = $"{id}/inbox",
            Outbox = $"{id}/outbox",
            Followers = $"{id}/followers",
            Following = $"{id}/following",
            Featured = $"{id}/collections/featured",
            Endpoints = sharedInbox ? new As.ActorEndpoints { SharedInbox = $"https://{host}/inbox" } : null,
            PublicKey = new As.PublicKey { Id = $"{id}#main-key", Owner = id, PublicKeyPem = publicKeyPem },
            ManuallyApprovesFollowers = locked,
            AlsoKnownAs = alsoKnownAs ?? [],
        };
    }

    private static (string Username, string Host) Split(string handle) =>
        handle.Split('@', StringSplitOptions.RemoveEmptyEntries) is [var username, var host]
            ? (username, host)
            : throw new ArgumentException("A handle is name@host.", nameof(handle));
}
