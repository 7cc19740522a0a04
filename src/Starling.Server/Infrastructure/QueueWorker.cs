namespace Starling.Server.Infrastructure;

/// <summary>
/// The loop shared by the database-backed queues: claim a batch of due rows, run them with bounded concurrency, and
/// when nothing is due sleep until woken by a commit or the next poll. A failure to claim (the database briefly
/// unavailable) is logged and retried; the rows are safe where they are.
/// </summary>
public abstract class QueueWorker<TItem>(WakeSignal signal, ILogger logger) : BackgroundService
{
    protected abstract int Concurrency { get; }

    protected abstract TimeSpan PollInterval { get; }

    protected abstract Task<IReadOnlyList<TItem>> ClaimAsync(int count, CancellationToken cancellationToken);

    /// <summary>Runs a claimed batch, at most <paramref name="concurrency"/> items at a time.</summary>
    protected abstract Task RunBatchAsync(IReadOnlyList<TItem> batch, int concurrency, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = Concurrency;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await ClaimAsync(concurrency * 4, stoppingToken);
                if (batch.Count == 0)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                    continue;
                }
                await RunBatchAsync(batch, concurrency, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "{Worker} could not claim work; retrying shortly", GetType().Name);
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
