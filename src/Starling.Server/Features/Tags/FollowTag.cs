using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Features.Tags;

/// <summary>
/// Following a hashtag: its public posts then reach the follower's home timeline (written by the fan-out job).
/// Both directions are idempotent, as on Mastodon since 4.1; following a hashtag nobody has used yet creates it.
/// </summary>
public sealed class FollowTag(AppDbContext db, IdGenerator ids, TimeProvider time, FollowedTags followed)
{
    public async Task<Tag> FollowAsync(long accountId, string name, CancellationToken cancellationToken = default)
    {
        var displayName = FollowedTags.ValidName(name) ?? throw DomainException.Invalid("That is not a valid hashtag", "name");
        var key = displayName.ToLowerInvariant();
        var now = time.GetUtcNow().UtcDateTime;
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Name == key, cancellationToken);
        if (tag is null)
        {
            tag = new Tag { Id = ids.Next(), Name = key, DisplayName = displayName, CreatedAt = now };
            db.Tags.Add(tag);
        }
        else if (await db.TagFollows.AnyAsync(f => f.AccountId == accountId && f.TagId == tag.Id, cancellationToken))
        {
            return tag;
        }
        db.TagFollows.Add(new TagFollow { Id = ids.Next(), AccountId = accountId, TagId = tag.Id, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return tag;
    }

    /// <returns>The hashtag, which may be one nobody has used (unsaved, id 0).</returns>
    public async Task<Tag> UnfollowAsync(long accountId, string name, CancellationToken cancellationToken = default)
    {
        var tag = await followed.FindAsync(name, cancellationToken);
        if (tag.Id != 0)
        {
            await db.TagFollows.Where(f => f.AccountId == accountId && f.TagId == tag.Id).ExecuteDeleteAsync(cancellationToken);
            await db.RecordBulkChangeAsync(new TagFollow { AccountId = accountId, TagId = tag.Id });
        }
        return tag;
    }
}

/// <summary>A followed hashtag and when the following began (the cursor of the followed-tags list).</summary>
public sealed record FollowedTag(long FollowId, Tag Tag);

/// <summary>Which hashtags people follow.</summary>
public sealed class FollowedTags(AppDbContext db)
{
    /// <summary>The name without its '#', if it is a hashtag at all; null otherwise.</summary>
    public static string? ValidName(string name)
    {
        var trimmed = name.Trim().TrimStart('#');
        return TextTokenizer.IsHashtagName(trimmed) ? trimmed : null;
    }

    /// <summary>
    /// The hashtag by name, case-insensitively; one nobody has used yet comes back unsaved (id 0), as Mastodon shows it.
    /// A name that cannot be a hashtag is not found.
    /// </summary>
    public async Task<Tag> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var displayName = ValidName(name) ?? throw DomainException.NotFound("Tag");
        var key = displayName.ToLowerInvariant();
        return await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Name == key, cancellationToken)
            ?? new Tag { Id = 0, Name = key, DisplayName = displayName };
    }

    /// <summary>Which of these hashtags the account follows.</summary>
    public async Task<IReadOnlySet<long>> FollowedAmongAsync(long accountId, IReadOnlyCollection<long> tagIds, CancellationToken cancellationToken = default)
    {
        var ids = tagIds.Where(id => id != 0).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new HashSet<long>();
        }
        return (await db.TagFollows.Where(f => f.AccountId == accountId && ids.Contains(f.TagId)).Select(f => f.TagId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>The hashtags the account follows, most recently followed first, paged by when each following began.</summary>
    public async Task<IReadOnlyList<FollowedTag>> ListAsync(long accountId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var rows = await db.TagFollows.AsNoTracking().Where(f => f.AccountId == accountId)
            .ApplyKeyset(page, f => f.Id).Select(f => new { f.Id, f.Tag }).ToListAsync(cancellationToken);
        return rows.Select(r => new FollowedTag(r.Id, r.Tag)).ToList().NewestFirst(page);
    }
}
