using Starling.Server.Features.Common;

namespace Starling.Server.Features.Polls;

/// <summary>What an author asks for: the options, how long the poll runs, and how it counts.</summary>
public sealed record PollDraft(IReadOnlyList<string> Options, int ExpiresInSeconds, bool Multiple = false, bool HideTotals = false);

/// <summary>Mastodon's default limits on polls; the instance endpoints announce the same numbers.</summary>
public static class PollRules
{
    public const int MinOptions = 2;
    public const int MaxOptions = 4;
    public const int MaxCharactersPerOption = 50;
    /// <summary>Five minutes.</summary>
    public const int MinExpirationSeconds = 300;
    /// <summary>A month, as Mastodon counts it (30.44 days).</summary>
    public const int MaxExpirationSeconds = 2_629_746;

    /// <summary>The draft with its options trimmed, or a refusal naming the rule it breaks.</summary>
    public static PollDraft Validate(PollDraft draft)
    {
        var options = draft.Options.Select(o => o.Trim()).ToList();
        if (options.Count < MinOptions)
        {
            throw DomainException.Invalid($"A poll needs at least {MinOptions} options.", "poll");
        }
        if (options.Count > MaxOptions)
        {
            throw DomainException.Invalid($"A poll may have at most {MaxOptions} options.", "poll");
        }
        if (options.Any(o => o.Length == 0))
        {
            throw DomainException.Invalid("Poll options cannot be blank.", "poll");
        }
        if (options.Any(o => o.Length > MaxCharactersPerOption))
        {
            throw DomainException.Invalid($"Each poll option may have at most {MaxCharactersPerOption} characters.", "poll");
        }
        if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            throw DomainException.Invalid("Poll options must differ from each other.", "poll");
        }
        if (draft.ExpiresInSeconds < MinExpirationSeconds)
        {
            throw DomainException.Invalid("A poll must run for at least 5 minutes.", "poll");
        }
        if (draft.ExpiresInSeconds > MaxExpirationSeconds)
        {
            throw DomainException.Invalid("A poll may run for at most a month.", "poll");
        }
        return draft with { Options = options };
    }
}
