using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Moderation;

/// <summary>The other servers this one has delivered to, for administrators: which are failing, which are given up on for now.</summary>
public sealed class RemoteInstances(AppDbContext db)
{
    public const int PageSize = 200;

    public sealed record Overview(IReadOnlyList<RemoteInstance> Instances, int Total);

    /// <summary>Unavailable servers first, then failing ones, then the rest by name; at most <see cref="PageSize"/>.</summary>
    public async Task<Overview> ListAsync(CancellationToken cancellationToken = default)
    {
        var instances = await db.RemoteInstances.AsNoTracking()
            .OrderBy(i => i.UnavailableSince == null).ThenBy(i => i.FailingSince == null).ThenBy(i => i.Domain)
            .Take(PageSize).ToListAsync(cancellationToken);
        return new Overview(instances, await db.RemoteInstances.CountAsync(cancellationToken));
    }
}
