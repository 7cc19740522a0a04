namespace Starling.Server.Data.Entities;

/// <summary>A poll attached to one status. The tallies are counters kept by the use cases, like a status's counts.</summary>
public sealed class Poll
{
    public long Id { get; set; }
    public long StatusId { get; set; }
    public long AccountId { get; set; }
    public List<string> Options { get; set; } = [];
    /// <summary>Votes per option, in the order of <see cref="Options"/>.</summary>
    public List<int> Tallies { get; set; } = [];
    public bool Multiple { get; set; }
    /// <summary>Keeps the tallies from everyone until the poll ends.</summary>
    public bool HideTotals { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int VotesCount { get; set; }
    public int VotersCount { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool IsExpiredAt(DateTime now) => ExpiresAt <= now;
}

/// <summary>One chosen option; a voter on a multiple-choice poll has one row per option.</summary>
public sealed class PollVote
{
    public long Id { get; set; }
    public long PollId { get; set; }
    public long AccountId { get; set; }
    public int Choice { get; set; }
    public DateTime CreatedAt { get; set; }
}
