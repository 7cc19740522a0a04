using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Moderation;

/// <summary>
/// A report another server sent about a local account (a Flag): stored for this server's moderators, with the posts
/// it names that are that account's. The same report received twice is stored once.
/// </summary>
public sealed class RemoteReports(AppDbContext db, IdGenerator ids, TimeProvider time)
{
    /// <summary>Mastodon's limit on a report's comment.</summary>
    public const int MaxCommentLength = 1000;

    /// <param name="reporterId">The remote account that sent it (often its server's instance actor).</param>
    /// <param name="uri">The Flag activity's id.</param>
    public async Task<Report> ReceiveAsync(long reporterId, long targetId, IReadOnlyCollection<long> statusIds, string? comment, string uri, CancellationToken cancellationToken = default)
    {
        if (await db.Reports.FirstOrDefaultAsync(r => r.Uri == uri, cancellationToken) is { } known)
        {
            return known;
        }
        var accounts = await db.Accounts.Where(a => a.Id == reporterId || a.Id == targetId).ToListAsync(cancellationToken);
        var reporter = accounts.FirstOrDefault(a => a.Id == reporterId) ?? throw DomainException.NotFound("Account");
        var target = accounts.FirstOrDefault(a => a.Id == targetId) ?? throw DomainException.NotFound("Account");
        if (reporter.IsLocal || !target.IsLocal)
        {
            throw DomainException.Invalid("Another server reports local accounts here.");
        }
        var wanted = statusIds.Distinct().ToList();
        var reported = wanted.Count == 0 ? [] : await db.Statuses.Where(s => wanted.Contains(s.Id) && s.AccountId == targetId)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);
        var text = (comment ?? "").Trim();
        var report = new Report
        {
            Id = ids.Next(),
            AccountId = reporter.Id,
            TargetAccountId = target.Id,
            StatusIds = [.. reported.Select(id => id.ToString(CultureInfo.InvariantCulture))],
            Comment = text.Length > MaxCommentLength ? text[..MaxCommentLength] : text,
            Uri = uri,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.Reports.FirstOrDefaultAsync(r => r.Uri == uri, cancellationToken) ?? throw new InvalidOperationException($"The report {uri} could not be stored.");
        }
        return report;
    }
}
