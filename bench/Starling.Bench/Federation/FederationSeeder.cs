using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Starling.ActivityPub.Signatures;
using Starling.Bench.Seeding;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Bench.Federation;

/// <summary>A remote actor of the benchmark: its account row as if its actor document had just been fetched, and its key pair.</summary>
public sealed record RemoteActorSeed(long AccountId, string Uri, string KeyId, string InboxUrl, RsaKeyPair? Key);

/// <summary>What the federation seeder wrote.</summary>
public sealed record FederationSeed(long LocalAccountId, string Username, string Password, IReadOnlyList<RemoteActorSeed> Remotes, TimeSpan Elapsed);

/// <summary>
/// Writes one local user and a set of remote accounts into an empty, migrated database, with the rows a real exchange
/// would have left: the remote accounts as <c>RemoteAccountResolver</c> stores a fetched actor (uri, inbox, no shared
/// inbox, domain = the id's authority), their public keys when the benchmark signs as them, and follows either way.
/// </summary>
public sealed class FederationSeeder(AppDbContext db, IPasswordHasher<User> hasher, SeedOptions options)
{
    /// <param name="remoteOrigin">For remote actor i, the scheme and authority its id lives on (for example http://127.0.1.5:4000).</param>
    /// <param name="remotesFollowLocal">The delivery benchmark: the remote accounts follow the local one.</param>
    /// <param name="localFollowsRemotes">The inbox benchmark: the local account follows the remote ones, so their posts are kept.</param>
    /// <param name="withKeys">Generate key pairs and store the public halves, so signed requests verify without a fetch.</param>
    public async Task<FederationSeed> SeedAsync(int remotes, Func<int, string> remoteOrigin, bool remotesFollowLocal, bool localFollowsRemotes, bool withKeys,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var ids = new IdGenerator(TimeProvider.System);
        var now = DateTime.UtcNow;
        var local = new Account
        {
            Id = ids.Next(),
            Username = options.MeasuredUsername,
            UsernameNormalized = options.MeasuredUsername.ToLowerInvariant(),
            DisplayName = "Bench",
            CreatedAt = now,
            UpdatedAt = now,
            FollowersCount = remotesFollowLocal ? remotes : 0,
            FollowingCount = localFollowsRemotes ? remotes : 0,
        };
        var user = new User
        {
            Id = ids.Next(),
            AccountId = local.Id,
            Email = $"{options.MeasuredUsername}@bench.example",
            EmailNormalized = $"{options.MeasuredUsername}@bench.example",
            PasswordHash = "",
            Approved = true,
            ConfirmedAt = now,
            CreatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, options.MeasuredPassword);

        var accounts = new List<Account> { local };
        var keys = new List<AccountKey>();
        var follows = new List<Follow>();
        var seeds = new List<RemoteActorSeed>();
        // Key generation is the slow part (tens of ms each); spread it over the cores.
        var pairs = withKeys ? Enumerable.Range(0, remotes).AsParallel().AsOrdered().Select(_ => RsaKeyPair.Generate()).ToArray() : null;
        for (var i = 0; i < remotes; i++)
        {
            var origin = remoteOrigin(i).TrimEnd('/');
            var username = $"r{i}";
            var uri = $"{origin}/users/{username}";
            var account = new Account
            {
                Id = ids.Next(),
                Username = username,
                UsernameNormalized = username,
                Domain = new Uri(uri).Authority.ToLowerInvariant(),
                DisplayName = $"Remote {i}",
                Uri = uri,
                Url = $"{origin}/@{username}",
                InboxUrl = $"{uri}/inbox",
                OutboxUrl = $"{uri}/outbox",
                FollowersUrl = $"{uri}/followers",
                FollowingUrl = $"{uri}/following",
                FetchedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                FollowersCount = localFollowsRemotes ? 1 : 0,
                FollowingCount = remotesFollowLocal ? 1 : 0,
            };
            accounts.Add(account);
            var keyId = $"{uri}#main-key";
            if (pairs is not null)
            {
                keys.Add(new AccountKey { AccountId = account.Id, KeyId = keyId, PublicKeyPem = pairs[i].PublicKeyPem, CreatedAt = now, UpdatedAt = now });
            }
            if (remotesFollowLocal)
            {
                follows.Add(new Follow { Id = ids.Next(), Uri = $"{uri}/follows/1", AccountId = account.Id, TargetAccountId = local.Id, CreatedAt = now });
            }
            if (localFollowsRemotes)
            {
                follows.Add(new Follow { Id = ids.Next(), AccountId = local.Id, TargetAccountId = account.Id, CreatedAt = now });
            }
            seeds.Add(new RemoteActorSeed(account.Id, uri, keyId, account.InboxUrl, pairs?[i]));
        }

        var writer = new BulkWriter(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await writer.InsertAsync(accounts, cancellationToken);
            await writer.InsertAsync([user], cancellationToken);
            await writer.InsertAsync(keys, cancellationToken);
            await writer.InsertAsync(follows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new FederationSeed(local.Id, options.MeasuredUsername, options.MeasuredPassword, seeds, stopwatch.Elapsed);
    }
}
