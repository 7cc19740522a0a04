using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Infrastructure.Text;
using Starling.Server.Options;

namespace Starling.Server.Features.Statuses;

/// <summary>The rules shared by posting and editing: length, rendering, mentions and tags.</summary>
public sealed class StatusComposer(AppDbContext db, ContentFormatter formatter, IdGenerator ids, IOptions<StarlingOptions> options, TimeProvider time)
{
    public const int MaxSpoilerLength = 500;

    /// <param name="hasMedia">Whether files are attached: a post of files alone needs no text, as on Mastodon.</param>
    public (string Text, string Spoiler) Validate(string text, string? spoiler, bool hasMedia = false)
    {
        text = text.Trim();
        spoiler = (spoiler ?? "").Trim();
        if (text.Length == 0 && !hasMedia)
        {
            throw DomainException.Invalid("Write something before posting.", "status");
        }
        if (spoiler.Length > MaxSpoilerLength)
        {
            throw DomainException.Invalid($"A content warning may have at most {MaxSpoilerLength} characters.", "spoiler_text");
        }
        var max = options.Value.MaxStatusCharacters;
        var length = StatusLength.Count(text) + StatusLength.Count(spoiler);
        if (length > max)
        {
            throw DomainException.Invalid($"Text is too long: {length} characters where at most {max} are allowed.", "status");
        }
        return (text, spoiler);
    }

    /// <summary>Looks up remote accounts the text mentions that are not known yet; call before changing anything.</summary>
    public Task ResolveRemoteMentionsAsync(string text, CancellationToken cancellationToken) =>
        formatter.ResolveRemoteMentionsAsync(text, cancellationToken);

    /// <summary>Renders the text into the status and replaces its mentions and tags.</summary>
    public async Task ApplyContentAsync(Status status, string text, CancellationToken cancellationToken)
    {
        var content = await formatter.FormatAsync(text, cancellationToken);
        status.Text = text;
        status.ContentHtml = content.Html;
        ReplaceMentions(status, content.MentionedAccounts.Select(a => a.Id));
        await ReplaceTagsAsync(status, content.TagNames, cancellationToken);
    }

    /// <summary>
    /// Makes the status mention exactly these accounts. Reconciled rather than cleared and re-added, so an edit that
    /// keeps a mention does not re-insert its row; the status's mentions must be loaded.
    /// </summary>
    internal static void ReplaceMentions(Status status, IEnumerable<long> accountIds)
    {
        var mentionIds = accountIds.ToHashSet();
        status.Mentions.RemoveAll(m => !mentionIds.Contains(m.AccountId));
        foreach (var accountId in mentionIds.Where(id => status.Mentions.All(m => m.AccountId != id)))
        {
            status.Mentions.Add(new Mention { StatusId = status.Id, AccountId = accountId });
        }
    }

    /// <summary>Makes the status carry exactly these hashtags, creating the tags new to this server; its tags must be loaded.</summary>
    internal async Task ReplaceTagsAsync(Status status, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var tagIds = (await FindOrCreateTagsAsync(names, cancellationToken)).Select(t => t.Id).ToHashSet();
        status.Tags.RemoveAll(t => !tagIds.Contains(t.TagId));
        foreach (var tagId in tagIds.Where(id => status.Tags.All(t => t.TagId != id)))
        {
            status.Tags.Add(new StatusTag { StatusId = status.Id, TagId = tagId });
        }
    }

    private async Task<List<Tag>> FindOrCreateTagsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var keys = names.Select(n => n.ToLowerInvariant()).ToList();
        var existing = await db.Tags.Where(t => keys.Contains(t.Name)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var name in names.Where(n => existing.All(t => t.Name != n.ToLowerInvariant())))
        {
            var tag = new Tag { Id = ids.Next(), Name = name.ToLowerInvariant(), DisplayName = name, CreatedAt = now };
            db.Tags.Add(tag);
            existing.Add(tag);
        }
        return existing;
    }
}
