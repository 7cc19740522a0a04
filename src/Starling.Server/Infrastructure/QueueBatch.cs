using System.Collections.Concurrent;

namespace Starling.Server.Infrastructure;

/// <summary>How the database-backed queues run a claimed batch: the items side by side, then one write for all that are done.</summary>
public static class QueueBatch
{
    /// <summary>
    /// Runs each item, <paramref name="concurrency"/> at a time, then settles those for which <paramref name="run"/>
    /// answered true together, also when the batch was cut short (a shutdown): what was done must not be done again.
    /// </summary>
    public static async Task RunAsync<TItem>(IReadOnlyList<TItem> batch, int concurrency, Func<TItem, CancellationToken, Task<bool>> run,
        Func<IReadOnlyList<TItem>, Task> settle, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<TItem>();
        try
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    if (await run(item, ct))
                    {
                        done.Add(item);
                    }
                });
        }
        finally
        {
            await settle([.. done]);
        }
    }
}
