using System.Collections.Concurrent;
using System.Reflection;

namespace Starling.Server.Features.Events;

/// <summary>Calls every registered handler of each collected event, repeating while handlers raise more.</summary>
public sealed class DomainEventDispatcher(IServiceProvider services, DomainEventCollector collector)
{
    private const int MaxRounds = 8;
    private static readonly ConcurrentDictionary<Type, MethodInfo> DispatchMethods = new();

    public async Task DispatchPendingAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var events = collector.TakeAll();
            if (events.Count == 0)
            {
                return;
            }
            foreach (var domainEvent in events)
            {
                var method = DispatchMethods.GetOrAdd(domainEvent.GetType(), type =>
                    typeof(DomainEventDispatcher).GetMethod(nameof(DispatchAsync), BindingFlags.NonPublic | BindingFlags.Instance)!
                        .MakeGenericMethod(type));
                await (Task)method.Invoke(this, [domainEvent, cancellationToken])!;
            }
        }
        throw new InvalidOperationException("Domain event handlers kept raising events; giving up to avoid a loop.");
    }

    private async Task DispatchAsync<TEvent>(TEvent domainEvent, CancellationToken cancellationToken) where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.HandleAsync(domainEvent, cancellationToken);
        }
    }
}
