using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;
using Starling.Server.Infrastructure;
using Starling.Server.Options;

namespace Starling.Server.Federation.Deliveries;

/// <summary>
/// Sends deliveries in the background, apart from the job worker, so that a backlog of outgoing activities never
/// delays inbox processing or timeline fan-out.
/// </summary>
public sealed class DeliveryWorker(DeliveryRunner runner, DeliverySignal signal, IOptions<StarlingOptions> options, ILogger<DeliveryWorker> logger)
    : QueueWorker<Delivery>(signal, logger)
{
    protected override int Concurrency => options.Value.Federation.DeliveryConcurrency;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(5);

    protected override Task<IReadOnlyList<Delivery>> ClaimAsync(int count, CancellationToken cancellationToken) => runner.ClaimAsync(count, cancellationToken);

    protected override Task RunBatchAsync(IReadOnlyList<Delivery> batch, int concurrency, CancellationToken cancellationToken) =>
        runner.RunBatchAsync(batch, concurrency, cancellationToken);
}
