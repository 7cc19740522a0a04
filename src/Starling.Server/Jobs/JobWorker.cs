using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Jobs;

/// <summary>Runs queued jobs in the background with bounded concurrency; woken by commits, or by a poll for delayed jobs.</summary>
public sealed class JobWorker(JobRunner runner, JobSignal signal, IOptions<StarlingOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = options.Value.Jobs.Concurrency;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await runner.ClaimAsync(concurrency * 4, stoppingToken);
                if (batch.Count == 0)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                    continue;
                }
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stoppingToken },
                    async (job, ct) => await runner.RunAsync(job, ct));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable; the jobs are safe in their rows, so wait and try again.
                logger.LogError(exception, "The job worker could not claim jobs; retrying shortly");
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
