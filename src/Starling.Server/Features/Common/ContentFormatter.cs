using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Infrastructure;
using Starling.Server.Infrastructure.Text;
using Starling.Server.Options;

namespace Starling.Server.Features.Common;

/// <summary>What a piece of user text turned into: safe HTML plus the accounts and tags it names.</summary>
public sealed record FormattedContent(string Html, IReadOnlyList<Account> MentionedAccounts, IReadOnlyList<string> TagNames);

/// <summary>
/// Renders statuses and bios: resolves @mentions against known accounts (local, and remote ones stored here), collects
/// #hashtags. Remote handles not known yet are looked up on their servers by <see cref="ResolveRemoteMentionsAsync"/>,
/// which posting calls first.
/// </summary>
public sealed class ContentFormatter(AppDbContext db, LocalUrls urls, IRemoteAccountResolver remoteAccounts, IOptions<StarlingOptions> options,
    ILogger<ContentFormatter> logger)
{
    /// <summary>Remote handles looked up at once while posting.</summary>
    private const int ResolveConcurrency = 4;

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
        accounts.AddRange(await KnownRemoteAsync(mentionKeys, cancellationToken));
        var byName = accounts.ToDictionary(a => (a.UsernameNormalized, a.Domain));

        ResolvedMention? Resolve(string value) =>
            byName.TryGetValue(MentionKey(value), out var account)
                // A remote account's mention links to its profile on its own server, as Mastodon links it.
                ? new ResolvedMention(value, account.Username, account.IsLocal ? urls.Profile(account) : account.Url ?? account.Uri ?? urls.Profile(account))
                : null;

        var html = render(text, Resolve, urls.Tag);
        var tags = tokens.Where(t => t.Kind == TokenKind.Hashtag)
            .Select(t => t.Value).DistinctBy(t => t.ToLowerInvariant()).Take(MaxTags).ToList();
        return new FormattedContent(html, accounts, tags);
    }

    /// <summary>
    /// Looks up the remote accounts a text mentions that are not stored here yet (WebFinger, then the actor), so that
    /// formatting it then finds them. Call it before changing anything in the unit of work: the lookups go over the
    /// network and store what they find on their own. Bounded in time as a whole; a handle that is not found in
    /// time stays plain text.
    /// </summary>
    public async Task ResolveRemoteMentionsAsync(string text, CancellationToken cancellationToken)
    {
        var remoteKeys = TextTokenizer.Tokenize(text).Where(t => t.Kind == TokenKind.Mention)
            .Select(t => MentionKey(t.Value)).Where(k => k.Domain is not null).Distinct().Take(MaxMentions).ToList();
        if (remoteKeys.Count == 0)
        {
            return;
        }
        var known = (await KnownRemoteAsync(remoteKeys, cancellationToken)).Select(a => (a.UsernameNormalized, a.Domain)).ToHashSet();
        var unknown = remoteKeys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Wall-clock on purpose, as the fetches it bounds: a WebFinger query and an actor fetch each.
        bound.CancelAfter(options.Value.Federation.Timeout * 2);
        try
        {
            await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ResolveConcurrency, CancellationToken = bound.Token },
                async (key, token) => await remoteAccounts.ResolveHandleAsync(key.Username, key.Domain!, token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Looking up mentioned accounts ({Handles}) took too long; those not found stay plain text",
                string.Join(", ", unknown.Select(k => $"@{k.Username}@{k.Domain}")));
        }
    }

    private async Task<List<Account>> KnownRemoteAsync(IReadOnlyCollection<(string Username, string? Domain)> keys, CancellationToken cancellationToken)
    {
        var remote = keys.Where(k => k.Domain is not null).ToList();
        if (remote.Count == 0)
        {
            return [];
        }
        var names = remote.Select(k => k.Username).Distinct().ToList();
        var domains = remote.Select(k => k.Domain!).Distinct().ToList();
        var candidates = await db.Accounts.AsNoTracking()
            .Where(a => a.Domain != null && domains.Contains(a.Domain) && names.Contains(a.UsernameNormalized) && a.SuspendedAt == null)
            .ToListAsync(cancellationToken);
        return candidates.Where(a => remote.Contains((a.UsernameNormalized, a.Domain))).ToList();
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
