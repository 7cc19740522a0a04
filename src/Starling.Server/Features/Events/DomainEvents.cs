namespace Starling.Server.Features.Events;

/// <summary>Something that happened in the domain; its consequences are written in the same transaction.</summary>
public interface IDomainEvent;

/// <summary>Reacts to one kind of event before the transaction that raised it commits.</summary>
public interface IDomainEventHandler<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Collects the events raised during one request (scoped), until SaveChanges dispatches them.</summary>
public sealed class DomainEventCollector
{
    private readonly List<IDomainEvent> _pending = [];

    public void Raise(IDomainEvent domainEvent) => _pending.Add(domainEvent);

    public IReadOnlyList<IDomainEvent> TakeAll()
    {
        var taken = _pending.ToArray();
        _pending.Clear();
        return taken;
    }
}
