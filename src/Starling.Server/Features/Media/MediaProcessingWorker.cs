using Microsoft.Extensions.Options;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// Processes uploads and remote files in the background. Its queue is the attachments table itself (rows in the
/// Processing state), so nothing is lost when the server stops: a file a stopped worker held is taken up again once
/// its lease runs out. It takes no more files than it has slots for, so one long video never holds others' places.
/// </summary>
public sealed class MediaProcessingWorker(IServiceScopeFactory scopes, MediaProcessingSignal signal, IOptions<StarlingOptions> options,
    ILogger<MediaProcessingWorker> logger) : QueueWorker<long>(signal, logger)
{
    protected override int Concurrency => options.Value.Media.ProcessingConcurrency;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(5);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        MediaWorkFolder.RemoveLeftovers(options.Value, TimeSpan.FromHours(1));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task<IReadOnlyList<long>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProcessWaitingMedia>().ClaimAsync(Concurrency, cancellationToken);
    }

    protected override Task RunBatchAsync(IReadOnlyList<long> batch, int concurrency, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (id, token) =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ProcessWaitingMedia>().RunAsync(id, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The lease runs out and the file is tried again.
                logger.LogError(exception, "Media {MediaId} could not be saved after processing", id);
            }
        });
}
