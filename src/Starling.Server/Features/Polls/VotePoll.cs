using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Features.Polls;

/// <summary>Votes once per poll, on one option or (for a multiple-choice poll) several; votes cannot be changed.</summary>
public sealed class VotePoll(AppDbContext db, StatusAccess access, DomainEventCollector events, IdGenerator ids, TimeProvider time)
{
    public async Task<Poll> VoteAsync(long voterId, long pollId, IReadOnlyList<int> choices, CancellationToken cancellationToken = default)
    {
        var poll = await FindVisibleAsync(pollId, voterId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (poll.IsExpiredAt(now))
        {
            throw DomainException.Invalid("The poll has already ended.", "choices");
        }
        if (poll.AccountId == voterId)
        {
            throw DomainException.Invalid("You cannot vote in your own poll.", "choices");
        }
        var chosen = choices.Distinct().Order().ToList();
        if (chosen.Count == 0)
        {
            throw DomainException.Invalid("Choose at least one option.", "choices");
        }
        if (chosen.Any(c => c < 0 || c >= poll.Options.Count))
        {
            throw DomainException.Invalid("That option is not in the poll.", "choices");
        }
        if (!poll.Multiple && chosen.Count > 1)
        {
            throw DomainException.Invalid("This poll takes one choice only.", "choices");
        }
        if (await db.PollVotes.AnyAsync(v => v.PollId == poll.Id && v.AccountId == voterId, cancellationToken))
        {
            throw DomainException.Invalid("You have already voted on this poll.", "choices");
        }
        var tallies = Tallies(poll);
        foreach (var choice in chosen)
        {
            db.PollVotes.Add(new PollVote { Id = ids.Next(), PollId = poll.Id, AccountId = voterId, Choice = choice, CreatedAt = now });
            tallies[choice]++;
        }
        // A new list, so the change tracker sees the counters change whatever the provider's comparer.
        poll.Tallies = tallies;
        poll.VotesCount += chosen.Count;
        poll.VotersCount++;
        events.Raise(new PollVoted(poll, voterId, chosen));
        await db.SaveChangesAsync(cancellationToken);
        return poll;
    }

    /// <summary>
    /// A vote a remote account cast on a local poll. Mastodon sends a multiple-choice vote as one activity per option,
    /// so each call adds one option and the voter is counted once. The same vote received twice counts once; a vote
    /// after the end, on one's own poll, or for a second option of a single-choice poll is refused.
    /// </summary>
    public async Task<Poll> ReceiveRemoteVoteAsync(long voterId, long pollId, int choice, CancellationToken cancellationToken = default)
    {
        var poll = await FindVisibleAsync(pollId, voterId, cancellationToken);
        if (!await db.Accounts.AnyAsync(a => a.Id == poll.AccountId && a.Domain == null, cancellationToken))
        {
            throw DomainException.Invalid("Votes on another server's poll are counted there.", "choices");
        }
        if (poll.IsExpiredAt(time.GetUtcNow().UtcDateTime))
        {
            throw DomainException.Invalid("The poll has already ended.", "choices");
        }
        if (poll.AccountId == voterId)
        {
            throw DomainException.Invalid("You cannot vote in your own poll.", "choices");
        }
        if (choice < 0 || choice >= poll.Options.Count)
        {
            throw DomainException.Invalid("That option is not in the poll.", "choices");
        }
        var earlier = await db.PollVotes.Where(v => v.PollId == poll.Id && v.AccountId == voterId).Select(v => v.Choice).ToListAsync(cancellationToken);
        if (earlier.Contains(choice))
        {
            return poll;
        }
        if (!poll.Multiple && earlier.Count > 0)
        {
            throw DomainException.Invalid("This poll takes one choice only.", "choices");
        }
        db.PollVotes.Add(new PollVote { Id = ids.Next(), PollId = poll.Id, AccountId = voterId, Choice = choice, CreatedAt = time.GetUtcNow().UtcDateTime });
        var tallies = Tallies(poll);
        tallies[choice]++;
        poll.Tallies = tallies;
        poll.VotesCount++;
        if (earlier.Count == 0)
        {
            poll.VotersCount++;
        }
        events.Raise(new PollVoted(poll, voterId, [choice]));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same vote processed twice at once: the other one counted it.
            db.ChangeTracker.Clear();
        }
        return poll;
    }

    /// <summary>The poll if the viewer may see its status, else not found.</summary>
    public async Task<Poll> FindVisibleAsync(long pollId, long? viewerId, CancellationToken cancellationToken)
    {
        var poll = await db.Polls.FirstOrDefaultAsync(p => p.Id == pollId, cancellationToken) ?? throw DomainException.NotFound("Poll");
        await access.FindVisibleAsync(poll.StatusId, viewerId, cancellationToken);
        return poll;
    }

    private static List<int> Tallies(Poll poll) =>
        [.. Enumerable.Range(0, poll.Options.Count).Select(i => i < poll.Tallies.Count ? poll.Tallies[i] : 0)];
}
