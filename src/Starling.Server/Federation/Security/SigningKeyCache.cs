using System.Collections.Concurrent;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Federation.Security;

/// <summary>
/// Stored public keys with their owners, as the signature check of every inbound request asks for them: a busy peer
/// signs thousands of requests with one key, and each would otherwise cost a query. An entry is forgotten when a commit
/// on this node changes its key, deletes or suspends its owner, or moves the owner's id; other nodes' changes are seen
/// within <see cref="MaxAge"/>. A key that fails to verify is read again from the database by the verifier anyway.
/// </summary>
public sealed class SigningKeyCache(TimeProvider time) : ICommittedChangesObserver
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private const int MaxEntries = 10_000;

    private sealed record Entry(Account Account, string Pem, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Which keys each owner has here, so a commit touching an account looks at its keys alone.
    private readonly ConcurrentDictionary<long, string[]> _keysByAccount = new();

    public (Account Account, string Pem)? Find(string keyId)
    {
        if (_entries.TryGetValue(keyId, out var entry) && entry.Expires > time.GetUtcNow())
        {
            return (entry.Account, entry.Pem);
        }
        return null;
    }

    public void Remember(string keyId, Account account, string pem)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
            _keysByAccount.Clear();
        }
        _entries[keyId] = new Entry(account, pem, time.GetUtcNow() + MaxAge);
        _keysByAccount.AddOrUpdate(account.Id, [keyId], (_, keys) => keys.Contains(keyId) ? keys : [.. keys, keyId]);
    }

    public ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Everything)
        {
            _entries.Clear();
            _keysByAccount.Clear();
            return ValueTask.CompletedTask;
        }
        foreach (var (entity, kind) in changes.Rows)
        {
            switch (entity)
            {
                case AccountKey key:
                    ForgetKeysOf(key.AccountId, _ => true);
                    break;
                // A counter or a profile change leaves the signer as the check needs it; anything else does not.
                case Account account when kind is not (CommittedChangeKind.Added or CommittedChangeKind.Modified):
                    ForgetKeysOf(account.Id, _ => true);
                    break;
                case Account account:
                    ForgetKeysOf(account.Id, cached => cached.SuspendedAt != account.SuspendedAt || cached.Uri != account.Uri || cached.Domain != account.Domain);
                    break;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void ForgetKeysOf(long accountId, Func<Account, bool> changed)
    {
        if (!_keysByAccount.TryGetValue(accountId, out var keyIds))
        {
            return;
        }
        foreach (var keyId in keyIds)
        {
            if (_entries.TryGetValue(keyId, out var entry) && entry.Account.Id == accountId && changed(entry.Account))
            {
                _entries.TryRemove(keyId, out _);
            }
        }
    }
}
