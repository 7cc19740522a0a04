using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Features.Moderation;

/// <summary>What this server's domain blocks say about one server.</summary>
/// <param name="Severity">The most severe block on the server or a domain above it.</param>
/// <param name="RejectMedia">Some block on it or above it rejects media.</param>
/// <param name="RejectReports">Some block on it or above it rejects reports.</param>
public sealed record DomainRule(DomainBlockSeverity Severity, bool RejectMedia, bool RejectReports)
{
    public static readonly DomainRule None = new(DomainBlockSeverity.None, false, false);

    public bool IsSuspended => Severity == DomainBlockSeverity.Suspend;

    /// <summary>Silenced or suspended: its posts stay out of public timelines.</summary>
    public bool IsLimited => Severity >= DomainBlockSeverity.Silence;
}

/// <summary>
/// Every domain block at one moment, answering without a database round trip. A block covers its domain and every name
/// below it; where several cover one server (example.com and sub.example.com), the strictest of each part applies.
/// </summary>
public sealed class DomainBlockRules
{
    public static readonly DomainBlockRules Empty = new([]);

    private readonly Dictionary<string, DomainBlock> _byDomain;

    public DomainBlockRules(IEnumerable<DomainBlock> blocks)
    {
        _byDomain = blocks.ToDictionary(b => b.Domain, StringComparer.Ordinal);
        LimitsAny = _byDomain.Values.Any(b => b.Severity >= DomainBlockSeverity.Silence);
    }

    /// <summary>Some server is silenced or suspended, so public timelines must look at authors' servers.</summary>
    public bool LimitsAny { get; }

    public int Count => _byDomain.Count;

    /// <summary>The rule for a server, by host name (a port, scheme or upper case is tolerated); no rule for local (null) or unreadable names.</summary>
    public DomainRule RuleFor(string? domain)
    {
        if (_byDomain.Count == 0 || DomainNames.TryNormalize(domain) is not { } name)
        {
            return DomainRule.None;
        }
        var severity = DomainBlockSeverity.None;
        bool rejectMedia = false, rejectReports = false, found = false;
        foreach (var candidate in DomainNames.SelfAndParents(name))
        {
            if (_byDomain.TryGetValue(candidate, out var block))
            {
                found = true;
                severity = block.Severity > severity ? block.Severity : severity;
                rejectMedia |= block.RejectMedia;
                rejectReports |= block.RejectReports;
            }
        }
        return found ? new DomainRule(severity, rejectMedia, rejectReports) : DomainRule.None;
    }

    public DomainBlockSeverity SeverityFor(string? domain) => RuleFor(domain).Severity;

    public bool IsSuspended(string? domain) => RuleFor(domain).IsSuspended;

    public bool RejectsMedia(string? domain) => RuleFor(domain) is { } rule && (rule.RejectMedia || rule.IsSuspended);

    public bool RejectsReports(string? domain) => RuleFor(domain) is { } rule && (rule.RejectReports || rule.IsSuspended);
}

/// <summary>
/// The domain blocks as the federation code asks about them on every inbound activity and delivery: read from the
/// database once, kept in memory, and forgotten when a commit on this node touches a block (other nodes notice within
/// <see cref="MaxAge"/>).
/// </summary>
public sealed class DomainBlockPolicy(IServiceScopeFactory scopes, TimeProvider time) : ICommittedChangesObserver
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private sealed record Snapshot(DomainBlockRules Rules, DateTimeOffset Expires);

    private Snapshot? _snapshot;
    private long _generation;

    /// <summary>All blocks as they are now; cheap after the first call. Use it to ask about many servers at once.</summary>
    public async ValueTask<DomainBlockRules> RulesAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && snapshot.Expires > time.GetUtcNow())
        {
            return snapshot.Rules;
        }
        var generation = Interlocked.Read(ref _generation);
        List<DomainBlock> blocks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            blocks = await db.DomainBlocks.AsNoTracking().ToListAsync(cancellationToken);
        }
        var rules = new DomainBlockRules(blocks);
        // A block committed while this read ran may be missing from it: answer from it, but do not keep it.
        if (generation == Interlocked.Read(ref _generation))
        {
            Interlocked.CompareExchange(ref _snapshot, new Snapshot(rules, time.GetUtcNow() + MaxAge), snapshot);
        }
        return rules;
    }

    public async ValueTask<DomainBlockSeverity> SeverityForAsync(string? domain, CancellationToken cancellationToken = default) =>
        (await RulesAsync(cancellationToken)).SeverityFor(domain);

    /// <summary>Nothing is accepted from a suspended server and nothing is sent to it.</summary>
    public async ValueTask<bool> IsSuspendedAsync(string? domain, CancellationToken cancellationToken = default) =>
        (await RulesAsync(cancellationToken)).IsSuspended(domain);

    /// <summary>Its media files are neither fetched nor shown (also true when it is suspended).</summary>
    public async ValueTask<bool> RejectsMediaAsync(string? domain, CancellationToken cancellationToken = default) =>
        (await RulesAsync(cancellationToken)).RejectsMedia(domain);

    /// <summary>Its reports (Flag activities) are ignored (also true when it is suspended).</summary>
    public async ValueTask<bool> RejectsReportsAsync(string? domain, CancellationToken cancellationToken = default) =>
        (await RulesAsync(cancellationToken)).RejectsReports(domain);

    public ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Everything || changes.Entities.Any(entity => entity is DomainBlock))
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _snapshot, null);
        }
        return ValueTask.CompletedTask;
    }
}
