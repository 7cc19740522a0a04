using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Moderation;

/// <summary>What a local user reports: an account, some of its posts as evidence, why, and whether its server should hear of it.</summary>
/// <param name="Forward">Send a copy to the account's server (ignored for local accounts).</param>
public sealed record ReportRequest(long TargetAccountId, IReadOnlyList<long> StatusIds, string Comment = "", bool Forward = false);

/// <summary>A report as filed, with the account it is about and whether a copy goes to that account's server.</summary>
public sealed record FiledReport(Report Report, Account Target, bool Forwarded);

/// <summary>
/// Reports for this server's moderators: filed by a local user about any account, or received from another server's
/// moderators (a Flag activity) about one of ours.
/// </summary>
public sealed class ReportAccount(AppDbContext db, IdGenerator ids, DomainEventCollector events, DomainBlockPolicy domainBlocks, TimeProvider time)
{
    /// <summary>As on Mastodon, for reports written here.</summary>
    public const int MaxCommentLength = 1000;

    public const int MaxStatuses = 100;

    public async Task<FiledReport> ReportAsync(long reporterId, ReportRequest request, CancellationToken cancellationToken = default)
    {
        var target = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.TargetAccountId, cancellationToken)
            ?? throw DomainException.NotFound("Account");
        if (target.Id == reporterId)
        {
            throw DomainException.Invalid("You cannot report yourself.", "account_id");
        }
        var comment = request.Comment.Trim();
        if (comment.Length > MaxCommentLength)
        {
            throw DomainException.Invalid($"The comment can be at most {MaxCommentLength} characters.", "comment");
        }
        var statusIds = request.StatusIds.Distinct().ToList();
        if (statusIds.Count > MaxStatuses)
        {
            throw DomainException.Invalid($"A report can point at most at {MaxStatuses} posts.", "status_ids");
        }
        // Posts of the account that the reporter could be shown; a block the reporter made does not hide evidence.
        var found = await db.Statuses.Where(s => EF.Parameter(statusIds).Contains(s.Id) && s.AccountId == target.Id
                && (s.Visibility <= Visibility.Unlisted
                    || db.Mentions.Any(m => m.StatusId == s.Id && m.AccountId == reporterId)
                    || (s.Visibility == Visibility.Private && db.Follows.Any(f => f.AccountId == reporterId && f.TargetAccountId == s.AccountId))))
            .Select(s => s.Id).ToListAsync(cancellationToken);
        if (found.Count != statusIds.Count)
        {
            throw DomainException.NotFound("Status");
        }
        var report = new Report
        {
            Id = ids.Next(),
            AccountId = reporterId,
            TargetAccountId = target.Id,
            StatusIds = statusIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            Comment = comment,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Reports.Add(report);
        var forward = request.Forward && !target.IsLocal;
        events.Raise(new AccountReported(report, forward));
        await db.SaveChangesAsync(cancellationToken);
        return new FiledReport(report, target, forward);
    }

    /// <summary>
    /// Stores a report another server's moderators sent (a Flag) about one of this server's accounts. The same Flag
    /// delivered twice is stored once (by <paramref name="uri"/>). Null when it is not accepted: the sender's server is
    /// one whose reports are rejected (or suspended), or the account is not one of ours. Posts that are not the
    /// account's are left out of it.
    /// </summary>
    public async Task<Report?> ReceiveRemoteReportAsync(long reporterAccountId, long targetAccountId, IReadOnlyList<long> statusIds, string comment, string uri,
        CancellationToken cancellationToken = default)
    {
        if (await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Uri == uri, cancellationToken) is { } known)
        {
            return known;
        }
        var reporter = await db.Accounts.AsNoTracking().Where(a => a.Id == reporterAccountId).Select(a => new { a.Domain }).FirstOrDefaultAsync(cancellationToken);
        var targetIsLocal = await db.Accounts.AnyAsync(a => a.Id == targetAccountId && a.Domain == null, cancellationToken);
        if (reporter is null || !targetIsLocal || await domainBlocks.RejectsReportsAsync(reporter.Domain, cancellationToken))
        {
            return null;
        }
        var wanted = statusIds.Distinct().ToList();
        var evidence = await db.Statuses.Where(s => EF.Parameter(wanted).Contains(s.Id) && s.AccountId == targetAccountId)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);
        var report = new Report
        {
            Id = ids.Next(),
            AccountId = reporterAccountId,
            TargetAccountId = targetAccountId,
            StatusIds = evidence.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            // Another server's limit may be higher than ours; the page listing reports shows at most this much.
            Comment = comment.Trim() is var text && text.Length > MaxCommentLength ? text[..MaxCommentLength] : text,
            Uri = uri,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return report;
        }
        catch (DbUpdateException)
        {
            // The same Flag, delivered twice at once: the other delivery stored it first.
            db.Entry(report).State = EntityState.Detached;
            if (await AnotherCopyAsync(uri, cancellationToken) is { } stored)
            {
                return stored;
            }
            throw;
        }
    }

    private Task<Report?> AnotherCopyAsync(string uri, CancellationToken cancellationToken) =>
        db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Uri == uri, cancellationToken);
}
