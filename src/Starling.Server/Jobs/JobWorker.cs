using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Jobs;

/// <summary>Runs queued jobs in the background with bounded concurrency; woken by commits, or by a poll for delayed jobs.</summary>
public sealed class JobWorker(JobRunner runner, JobSignal signal, IOptions<StarlingOptions> options, ILogger<JobWorker> logger)
    : QueueWorker<Job>(signal, logger)
{
    protected override int Concurrency => options.Value.Jobs.Concurrency;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(2);

    protected override Task<IReadOnlyList<Job>> ClaimAsync(int count, CancellationToken cancellationToken) => runner.ClaimAsync(count, cancellationToken);

    protected override Task RunBatchAsync(IReadOnlyList<Job> batch, int concurrency, CancellationToken cancellationToken) =>
        runner.RunBatchAsync(batch, concurrency, cancellationToken);
}
