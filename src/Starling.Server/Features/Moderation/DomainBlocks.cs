using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Features.Moderation;

/// <summary>A block as an admin (or the configuration) states it.</summary>
/// <param name="Domain">A server name in any form an admin might paste (see <see cref="DomainNames.TryNormalize"/>).</param>
public sealed record DomainBlockChange(string Domain, DomainBlockSeverity Severity, bool RejectMedia = false, bool RejectReports = false, string PublicComment = "");

/// <summary>What saving a block did.</summary>
/// <param name="Created">No block on the domain existed before.</param>
/// <param name="Changed">Something about the block differs from before (always true when created).</param>
public sealed record DomainBlockSaved(DomainBlock Block, bool Created, bool Changed);

/// <summary>
/// Adds, changes and lifts blocks on whole servers. Suspending a server also removes what was stored from it, in a
/// queued job (<see cref="PurgeDomainJob"/>), so the request returns at once however much that is.
/// </summary>
public sealed class DomainBlocks(AppDbContext db, IdGenerator ids, JobQueue jobs, TimeProvider time, IOptions<StarlingOptions> options)
{
    public const int MaxCommentLength = 1000;

    public Task<List<DomainBlock>> AllAsync(CancellationToken cancellationToken = default) =>
        db.DomainBlocks.AsNoTracking().OrderBy(b => b.Domain).ToListAsync(cancellationToken);

    public async Task<DomainBlock?> FindAsync(string domain, CancellationToken cancellationToken = default)
    {
        var name = DomainNames.TryNormalize(domain);
        return name is null ? null : await db.DomainBlocks.AsNoTracking().FirstOrDefaultAsync(b => b.Domain == name, cancellationToken);
    }

    /// <summary>Adds the block, or changes the one already on that domain.</summary>
    public async Task<DomainBlockSaved> SaveAsync(DomainBlockChange change, CancellationToken cancellationToken = default)
    {
        var domain = DomainNames.TryNormalize(change.Domain)
            ?? throw DomainException.Invalid($"'{change.Domain}' is not a server name such as social.example.", "Domain");
        if (DomainNames.TryNormalize(options.Value.Domain) is { } own && DomainNames.Covers(domain, own))
        {
            throw DomainException.Invalid("This server cannot block itself.", "Domain");
        }
        if (!Enum.IsDefined(change.Severity))
        {
            throw DomainException.Invalid("Choose no limit, silence or suspend.", "Severity");
        }
        var comment = change.PublicComment.Trim();
        if (comment.Length > MaxCommentLength)
        {
            throw DomainException.Invalid($"The public comment can be at most {MaxCommentLength} characters.", "PublicComment");
        }
        var block = await db.DomainBlocks.FirstOrDefaultAsync(b => b.Domain == domain, cancellationToken);
        var created = block is null;
        var wasSuspended = block?.Severity == DomainBlockSeverity.Suspend;
        if (block is null)
        {
            block = new DomainBlock { Id = ids.Next(), Domain = domain, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.DomainBlocks.Add(block);
        }
        block.Severity = change.Severity;
        block.RejectMedia = change.RejectMedia;
        block.RejectReports = change.RejectReports;
        block.PublicComment = comment;
        var changed = created || db.Entry(block).State == EntityState.Modified;
        if (block.Severity == DomainBlockSeverity.Suspend && !wasSuspended)
        {
            jobs.Enqueue(new PurgeDomainJob(domain));
        }
        if (changed)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new DomainBlockSaved(block, created, changed);
    }

    /// <summary>Lifts the block on the domain. What a suspension removed stays removed.</summary>
    public async Task RemoveAsync(string domain, CancellationToken cancellationToken = default)
    {
        var name = DomainNames.TryNormalize(domain);
        var block = name is null ? null : await db.DomainBlocks.FirstOrDefaultAsync(b => b.Domain == name, cancellationToken);
        if (block is null)
        {
            throw DomainException.NotFound("Domain block");
        }
        db.DomainBlocks.Remove(block);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the blocks named in configuration: each is added, or brought to what the configuration says. Blocks it
    /// does not name (made in the admin page, or dropped from the configuration since) are left as they are.
    /// </summary>
    public async Task<int> ApplyConfiguredAsync(IEnumerable<DomainBlockOptions> configured, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var entry in configured)
        {
            var saved = await SaveAsync(new DomainBlockChange(entry.Domain, entry.Severity, entry.RejectMedia, entry.RejectReports, entry.PublicComment ?? ""), cancellationToken);
            changed += saved.Changed ? 1 : 0;
        }
        return changed;
    }
}
