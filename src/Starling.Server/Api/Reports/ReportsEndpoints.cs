using Microsoft.Extensions.Options;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Features.Moderation;
using Starling.Server.Options;

namespace Starling.Server.Api.Reports;

/// <summary><c>POST /api/v1/reports</c>: a user reports an account (and some of its posts) to this server's moderators.</summary>
public static class ReportsEndpoints
{
    public static readonly IReadOnlyList<string> Categories = ["spam", "legal", "violation", "other"];

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/reports", FileAsync).RequireScope("write:reports").WithTags("Reports")
            .WithSummary("Report an account (account_id, status_ids[], comment, forward, category, rule_ids[])");
        return app;
    }

    private static async Task<ReportEntity> FileAsync(HttpContext context, ReportAccount reports, AccountRenderer accounts, IOptions<StarlingOptions> options,
        CancellationToken cancellationToken)
    {
        var reporterId = context.RequiredCaller().RequireAccountId();
        var parameters = await ApiParameters.ReadAsync(context);
        var accountId = parameters.String("account_id");
        if (string.IsNullOrWhiteSpace(accountId))
        {
            throw ApiException.Unprocessable("Validation failed: account_id is missing");
        }
        var targetId = RecordId(accountId);
        var statusIds = parameters.Strings("status_ids").Where(id => !string.IsNullOrWhiteSpace(id)).Select(RecordId).ToList();
        var (category, ruleIds) = CategoryAndRules(parameters, options.Value.Rules.Count);
        var filed = await reports.ReportAsync(reporterId,
            new ReportRequest(targetId, statusIds, parameters.String("comment") ?? "", parameters.Bool("forward", false)), cancellationToken);
        // Category and rules are checked and answered as Mastodon does, but not kept: moderators read the comment.
        return new ReportEntity
        {
            Id = EntityIds.Of(filed.Report.Id),
            ActionTaken = filed.Report.ResolvedAt is not null,
            ActionTakenAt = filed.Report.ResolvedAt,
            Category = category,
            Comment = filed.Report.Comment,
            Forwarded = filed.Forwarded,
            CreatedAt = filed.Report.CreatedAt,
            StatusIds = filed.Report.StatusIds,
            RuleIds = ruleIds,
            TargetAccount = accounts.Render(filed.Target),
        };
    }

    /// <summary>As Mastodon: rule_ids make the category "violation"; a category other than the known ones, or a rule that does not exist, is refused.</summary>
    private static (string Category, IReadOnlyList<string>? RuleIds) CategoryAndRules(ApiParameters parameters, int ruleCount)
    {
        var ruleIds = parameters.Strings("rule_ids").Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        foreach (var ruleId in ruleIds)
        {
            if (!int.TryParse(ruleId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1 || number > ruleCount)
            {
                throw ApiException.Unprocessable("Validation failed: Rule ids does not reference valid rules");
            }
        }
        if (ruleIds.Count > 0)
        {
            return ("violation", ruleIds);
        }
        var category = parameters.String("category") is { Length: > 0 } given ? given.Trim().ToLowerInvariant() : "other";
        if (!Categories.Contains(category))
        {
            throw ApiException.Unprocessable($"Validation failed: Category must be one of {string.Join(", ", Categories)}");
        }
        if (category == "violation")
        {
            throw ApiException.Unprocessable("Validation failed: Rule ids does not reference valid rules");
        }
        return (category, null);
    }

    /// <summary>An id that is not one of ours names no record, as an unknown one does: 404.</summary>
    private static long RecordId(string id) => EntityIds.TryParse(id.Trim(), out var parsed) ? parsed : throw ApiException.NotFound();
}
