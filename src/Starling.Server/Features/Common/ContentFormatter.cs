using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Features.Common;

/// <summary>What a piece of user text turned into: safe HTML plus the accounts and tags it names.</summary>
public sealed record FormattedContent(string Html, IReadOnlyList<Account> MentionedAccounts, IReadOnlyList<string> TagNames);

/// <summary>Renders statuses and bios: resolves @mentions against known accounts, collects #hashtags.</summary>
public sealed class ContentFormatter(AppDbContext db, LocalUrls urls)
{
    public const int MaxMentions = 50;
    public const int MaxTags = 30;

    public Task<FormattedContent> FormatAsync(string text, CancellationToken cancellationToken) =>
        FormatAsync(text, TextRenderer.ToHtml, cancellationToken);

    /// <summary>A single line (a profile field's value): links, mentions and hashtags, no paragraphs.</summary>
    public Task<FormattedContent> FormatInlineAsync(string text, CancellationToken cancellationToken) =>
        FormatAsync(text, TextRenderer.ToInlineHtml, cancellationToken);

    private async Task<FormattedContent> FormatAsync(string text, Func<string, Func<string, ResolvedMention?>, Func<string, string>, string> render,
        CancellationToken cancellationToken)
    {
        var tokens = TextTokenizer.Tokenize(text);
        var mentionKeys = tokens.Where(t => t.Kind == TokenKind.Mention)
            .Select(t => MentionKey(t.Value)).Distinct().Take(MaxMentions).ToList();
        var localNames = mentionKeys.Where(k => k.Domain is null).Select(k => k.Username).ToList();
        var accounts = localNames.Count == 0
            ? []
            : await db.Accounts.AsNoTracking()
                .Where(a => a.Domain == null && localNames.Contains(a.UsernameNormalized) && a.SuspendedAt == null)
                .ToListAsync(cancellationToken);
        var byName = accounts.ToDictionary(a => a.UsernameNormalized);

        ResolvedMention? Resolve(string value)
        {
            var key = MentionKey(value);
            return key.Domain is null && byName.TryGetValue(key.Username, out var account)
                ? new ResolvedMention(value, account.Username, urls.Profile(account))
                : null;
        }

        var html = render(text, Resolve, urls.Tag);
        var tags = tokens.Where(t => t.Kind == TokenKind.Hashtag)
            .Select(t => t.Value).DistinctBy(t => t.ToLowerInvariant()).Take(MaxTags).ToList();
        return new FormattedContent(html, accounts, tags);
    }

    /// <summary>"alice" and "alice@this.server" both name the local alice.</summary>
    private (string Username, string? Domain) MentionKey(string value)
    {
        var at = value.IndexOf('@');
        if (at < 0)
        {
            return (value.ToLowerInvariant(), null);
        }
        var domain = value[(at + 1)..].ToLowerInvariant();
        return (value[..at].ToLowerInvariant(), string.Equals(domain, urls.Domain, StringComparison.OrdinalIgnoreCase) ? null : domain);
    }
}
