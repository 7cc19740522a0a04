using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;

namespace Starling.Server.Features.Media;

/// <summary>
/// Wakes the media worker once a write that leaves a file waiting (an upload, a remote status's files to cache) has
/// committed: woken before the commit, the worker would find nothing and sleep until its next poll.
/// </summary>
public sealed class MediaProcessingSignal : WakeSignal, ICommittedChangesObserver
{
    public ValueTask OnCommittedAsync(CommittedChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Rows.Any(row => row is { Entity: MediaAttachment { State: MediaState.Processing }, Kind: CommittedChangeKind.Added or CommittedChangeKind.Modified }))
        {
            Notify();
        }
        return ValueTask.CompletedTask;
    }
}
