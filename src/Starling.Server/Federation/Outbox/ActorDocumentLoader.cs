using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Outbox;

/// <summary>Loads what a local account's actor document is made of (<see cref="ActorSource"/>).</summary>
public sealed class ActorDocumentLoader(AppDbContext db, AccountKeys keys, LocalUrls urls)
{
    /// <remarks>Without a picture of its own the actor has no <c>icon</c> or <c>image</c>, as Mastodon leaves them out.</remarks>
    public async Task<ActorSource> LoadAsync(Account account, CancellationToken cancellationToken)
    {
        var key = await keys.ForLocalAccountAsync(account, cancellationToken);
        var movedTo = account.MovedToAccountId is { } movedToId
            ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == movedToId, cancellationToken)
            : null;
        return new ActorSource(account, key, movedTo is null ? null : urls.ActorUri(movedTo),
            account.AvatarFilePath is { } avatar ? new ActorPicture(urls.Avatar(account), AccountPictures.ContentTypeOf(avatar)) : null,
            account.HeaderFilePath is { } header ? new ActorPicture(urls.Header(account), AccountPictures.ContentTypeOf(header)) : null);
    }
}
