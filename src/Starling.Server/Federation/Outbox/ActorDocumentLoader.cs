using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox;

/// <summary>Loads what a local account's actor document is made of (<see cref="ActorSource"/>).</summary>
public sealed class ActorDocumentLoader(AppDbContext db, AccountKeys keys, LocalUrls urls)
{
    /// <remarks>Starling has no profile pictures yet, so the actor has no <c>icon</c> or <c>image</c>, as Mastodon leaves them out when there are none.</remarks>
    public async Task<ActorSource> LoadAsync(Account account, CancellationToken cancellationToken)
    {
        var key = await keys.ForLocalAccountAsync(account, cancellationToken);
        var movedTo = account.MovedToAccountId is { } movedToId
            ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == movedToId, cancellationToken)
            : null;
        return new ActorSource(account, key, movedTo is null ? null : urls.ActorUri(movedTo));
    }
}
