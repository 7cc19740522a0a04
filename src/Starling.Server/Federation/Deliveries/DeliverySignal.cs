using Starling.Server.Infrastructure;

namespace Starling.Server.Federation.Deliveries;

/// <summary>Wakes the delivery worker when new deliveries were stored.</summary>
public sealed class DeliverySignal : WakeSignal;
