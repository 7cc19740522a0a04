namespace Starling.Server.Api.Streaming;

/// <summary>
/// Works through the hub's queue of committed changes in the background, in commit order, a batch per database scope,
/// so that the request that wrote never waits for anyone's stream. A change that fails is logged and skipped.
/// </summary>
public sealed class StreamingDispatcher(StreamingHub hub, IServiceScopeFactory scopes, ILogger<StreamingDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StreamingChange>(BatchSize);
        try
        {
            while (await hub.Changes.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && hub.Changes.TryRead(out var change))
                {
                    batch.Add(change);
                }
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var router = scope.ServiceProvider.GetRequiredService<StreamEventRouter>();
                    foreach (var change in batch)
                    {
                        await RouteAsync(router, change, stoppingToken);
                    }
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: changes still queued have no one left to go to.
        }
    }

    private async Task RouteAsync(StreamEventRouter router, StreamingChange change, CancellationToken stoppingToken)
    {
        try
        {
            await router.RouteAsync(change, stoppingToken);
        }
        catch (Exception problem) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(problem, "Streaming {Change} failed; its events are not sent", change);
        }
    }
}
