namespace Starling.Bench.Seeding;

/// <summary>A clock the seeder moves forward by hand, so ids and timestamps spread over weeks as real use would leave them.</summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
