using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Infrastructure.Security;

namespace Starling.Server.Api.OAuth;

/// <summary>An app a user has let in: its name, the scopes granted across its approvals, and when it was first approved.</summary>
public sealed record AuthorizedApplication(long ApplicationId, string Name, string? Website, IReadOnlyList<string> Scopes, DateTime AuthorizedAt);

/// <summary>The apps a user has authorized, and taking that back (every token the app holds for the user stops working).</summary>
public sealed class AuthorizedApplications(AppDbContext db, AccessTokenCache tokenCache)
{
    public async Task<IReadOnlyList<AuthorizedApplication>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        var subject = AdministerAccount.OAuthSubject(userId);
        var rows = await db.OAuthAuthorizations.AsNoTracking()
            .Where(a => a.Subject == subject && a.Status == OAuthStatuses.Valid && a.Application != null)
            .Select(a => new { a.Application!.Id, a.Application.DisplayName, a.Application.Website, a.Scopes, a.CreationDate })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Id)
            .Select(app => new AuthorizedApplication(
                app.Key,
                app.First().DisplayName ?? "Unnamed app",
                app.First().Website,
                app.SelectMany(r => ParseScopes(r.Scopes)).Distinct(StringComparer.Ordinal).OrderBy(s => OAuthScopes.All.ToList().IndexOf(s)).ToList(),
                app.Min(r => r.CreationDate) ?? DateTime.MinValue))
            .OrderByDescending(a => a.AuthorizedAt)
            .ToList();
    }

    /// <summary>Revokes the user's approvals of the app and every code and token issued under them or to the app for the user.</summary>
    public async Task RevokeAsync(long userId, long applicationId, CancellationToken cancellationToken = default)
    {
        var subject = AdministerAccount.OAuthSubject(userId);
        await db.OAuthTokens.Where(t => t.Subject == subject && t.Application!.Id == applicationId && t.Status != OAuthStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, OAuthStatuses.Revoked), cancellationToken);
        await db.OAuthAuthorizations.Where(a => a.Subject == subject && a.Application!.Id == applicationId && a.Status != OAuthStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, OAuthStatuses.Revoked), cancellationToken);
        tokenCache.Invalidate();
    }

    private static IEnumerable<string> ParseScopes(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
