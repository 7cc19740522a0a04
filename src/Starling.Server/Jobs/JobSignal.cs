using Starling.Server.Infrastructure;

namespace Starling.Server.Jobs;

/// <summary>Wakes the in-process job worker when a transaction has committed new jobs, so fan-out starts at once.</summary>
public sealed class JobSignal : WakeSignal;
