using Microsoft.EntityFrameworkCore;
using Starling.ActivityPub.Signatures;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Security;

/// <summary>
/// Makes RSA key pairs. A seam only for test rigs, which hand out keys made once per process instead of spending
/// a fifth of a second of CPU on every account they create.
/// </summary>
public class AccountKeyGenerator
{
    public virtual RsaKeyPair Generate() => RsaKeyPair.Generate();
}

/// <summary>The signing keys of local accounts and of the instance actor: made once, then kept.</summary>
public sealed class AccountKeys(AppDbContext db, LocalUrls urls, AccountKeyGenerator generator, TimeProvider time)
    : IDomainEventHandler<AccountCreated>
{
    private const string InstanceActorKeyName = "instance-actor";

    /// <summary>Every new account gets its key in the registration's own transaction.</summary>
    public Task HandleAsync(AccountCreated domainEvent, CancellationToken cancellationToken)
    {
        db.AccountKeys.Add(NewKey(domainEvent.Account));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A local account's key for a domain event handler: one made here joins the unit of work being saved rather than
    /// saving on its own (a handler runs inside SaveChanges).
    /// </summary>
    public async Task<AccountKey> StageForLocalAccountAsync(Account account, CancellationToken cancellationToken)
    {
        var staged = db.ChangeTracker.Entries<AccountKey>().FirstOrDefault(e => e.Entity.AccountId == account.Id)?.Entity;
        if (staged is not null)
        {
            return staged;
        }
        if (await db.AccountKeys.AsNoTracking().FirstOrDefaultAsync(k => k.AccountId == account.Id, cancellationToken) is { } existing)
        {
            return existing;
        }
        var key = NewKey(account);
        db.AccountKeys.Add(key);
        return key;
    }

    /// <summary>A local account's key; accounts made before federation existed get theirs on first use.</summary>
    public async Task<AccountKey> ForLocalAccountAsync(Account account, CancellationToken cancellationToken)
    {
        if (!account.IsLocal)
        {
            throw new InvalidOperationException("Only local accounts have private keys.");
        }
        if (await db.AccountKeys.AsNoTracking().FirstOrDefaultAsync(k => k.AccountId == account.Id, cancellationToken) is { } existing)
        {
            return existing;
        }
        var key = NewKey(account);
        try
        {
            db.AccountKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(key).State = EntityState.Detached;
            return key;
        }
        catch (DbUpdateException)
        {
            // Another request made it first: use theirs, as peers may already have fetched it.
            db.Entry(key).State = EntityState.Detached;
            return await db.AccountKeys.AsNoTracking().FirstAsync(k => k.AccountId == account.Id, cancellationToken);
        }
    }

    /// <summary>The instance actor's key, made the first time the server needs it.</summary>
    public async Task<ServerKey> ForInstanceActorAsync(CancellationToken cancellationToken)
    {
        if (await db.ServerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == InstanceActorKeyName, cancellationToken) is { } existing)
        {
            return existing;
        }
        var pair = generator.Generate();
        var key = new ServerKey { Name = InstanceActorKeyName, PublicKeyPem = pair.PublicKeyPem, PrivateKeyPem = pair.PrivateKeyPem, CreatedAt = time.GetUtcNow().UtcDateTime };
        try
        {
            db.ServerKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(key).State = EntityState.Detached;
            return key;
        }
        catch (DbUpdateException)
        {
            db.Entry(key).State = EntityState.Detached;
            return await db.ServerKeys.AsNoTracking().FirstAsync(k => k.Name == InstanceActorKeyName, cancellationToken);
        }
    }

    private AccountKey NewKey(Account account)
    {
        var pair = generator.Generate();
        var now = time.GetUtcNow().UtcDateTime;
        return new AccountKey
        {
            AccountId = account.Id,
            KeyId = urls.ActorKeyId(account.Username),
            PublicKeyPem = pair.PublicKeyPem,
            PrivateKeyPem = pair.PrivateKeyPem,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
