using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Starling.Server.Data.Entities;
using Starling.Server.Jobs;

namespace Starling.Server.Data;

/// <summary>
/// The rows a committed write added, changed or removed, for anything that keeps copies of them (rendered pages,
/// session checks) and must forget those copies once the write is visible to other requests, not before.
/// </summary>
/// <param name="Entities">Entity instances as they were saved; a bulk statement records stand-ins carrying the keys it touched.</param>
/// <param name="Everything">A write too broad to describe (an account deleted with all it owned): forget all copies.</param>
public sealed record CommittedChanges(IReadOnlyList<object> Entities, bool Everything)
{
    /// <summary>How each of <see cref="Entities"/> was written, index for index, for observers that react to new rows rather than forget old copies.</summary>
    public IReadOnlyList<CommittedChangeKind> Kinds { get; init; } = [];

    /// <summary>Each entity with how it was written (<see cref="CommittedChangeKind.Bulk"/> for stand-ins).</summary>
    public IEnumerable<(object Entity, CommittedChangeKind Kind)> Rows =>
        Entities.Select((entity, index) => (entity, index < Kinds.Count ? Kinds[index] : CommittedChangeKind.Bulk));
}

public enum CommittedChangeKind
{
    Added,
    Modified,
    Deleted,
    /// <summary>A stand-in recorded for a bulk statement: it carries keys, not a whole row.</summary>
    Bulk,
}

/// <summary>Told after each commit. Runs on the writing request, so it must be quick and must not write.</summary>
public interface ICommittedChangesObserver
{
    ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken);
}

/// <summary>Collects what one context wrote until its transaction commits, then tells the observers.</summary>
internal sealed class CommittedChangesTracker(IServiceProvider services)
{
    private readonly List<object> _pending = [];
    private readonly List<CommittedChangeKind> _kinds = [];
    private bool _everything;
    private bool _jobsEnqueued;

    public void CaptureBeforeSave(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is Job)
            {
                // Jobs change on every claim and no page shows them; a new one only means the worker has work.
                _jobsEnqueued |= entry.State == EntityState.Added;
                continue;
            }
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                _pending.Add(entry.Entity);
                _kinds.Add(entry.State switch
                {
                    EntityState.Added => CommittedChangeKind.Added,
                    EntityState.Modified => CommittedChangeKind.Modified,
                    _ => CommittedChangeKind.Deleted,
                });
            }
        }
    }

    public void Record(IEnumerable<object> standIns)
    {
        foreach (var standIn in standIns)
        {
            _pending.Add(standIn);
            _kinds.Add(CommittedChangeKind.Bulk);
        }
    }

    public void RecordEverything() => _everything = true;

    public async ValueTask PublishAsync(CancellationToken cancellationToken)
    {
        var jobsEnqueued = _jobsEnqueued;
        var changes = _pending.Count > 0 || _everything ? new CommittedChanges([.. _pending], _everything) { Kinds = [.. _kinds] } : null;
        Discard();
        if (changes is not null)
        {
            foreach (var observer in services.GetServices<ICommittedChangesObserver>())
            {
                await observer.OnCommittedAsync(changes, cancellationToken);
            }
        }
        if (jobsEnqueued)
        {
            services.GetService<JobSignal>()?.Notify();
        }
    }

    public void Discard()
    {
        _pending.Clear();
        _kinds.Clear();
        _everything = false;
        _jobsEnqueued = false;
    }
}

/// <summary>Publishes a context's collected changes when its explicit transaction commits, and drops them on rollback.</summary>
internal sealed class CommitNotifier : DbTransactionInterceptor
{
    public override async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
        {
            await db.CommittedChanges.PublishAsync(cancellationToken);
        }
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db)
        {
            db.CommittedChanges.PublishAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.CommittedChanges.Discard();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as AppDbContext)?.CommittedChanges.Discard();
}
