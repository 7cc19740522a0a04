using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Server.Tests.Infrastructure.Ids;

public sealed class IdGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Ids_increase_as_time_passes()
    {
        var clock = new FakeTimeProvider(Start);
        var ids = new IdGenerator(clock);
        var previous = ids.Next();

        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(i % 3));
            var next = ids.Next();
            Assert.True(next > previous, $"id {next} after {previous} at step {i}");
            previous = next;
        }
    }

    [Fact]
    public void Ids_keep_increasing_when_many_are_minted_in_one_millisecond()
    {
        var ids = new IdGenerator(new FakeTimeProvider(Start));
        var previous = ids.Next();

        // More than the 16-bit counter holds, so the generator must borrow the next millisecond.
        for (var i = 0; i < 200_000; i++)
        {
            var next = ids.Next();
            Assert.True(next > previous);
            previous = next;
        }
        Assert.True(IdGenerator.TimeOf(previous) > Start);
    }

    [Fact]
    public void Ids_keep_increasing_when_the_clock_steps_back()
    {
        var clock = new SettableClock { Now = Start };
        var ids = new IdGenerator(clock);
        var before = ids.Next();

        // An NTP correction can move the wall clock backwards; ids must not follow it.
        clock.Now = Start - TimeSpan.FromSeconds(5);

        Assert.True(ids.Next() > before);
    }

    [Fact]
    public void Ids_are_unique_across_threads()
    {
        var ids = new IdGenerator(new FakeTimeProvider(Start));
        var minted = new ConcurrentBag<long>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                minted.Add(ids.Next());
            }
        });

        Assert.Equal(80_000, minted.Distinct().Count());
    }

    [Fact]
    public void An_id_tells_when_it_was_minted_and_sorts_by_it()
    {
        var clock = new FakeTimeProvider(Start);
        var ids = new IdGenerator(clock);

        var id = ids.Next();

        Assert.Equal(Start, IdGenerator.TimeOf(id));
        Assert.True(IdGenerator.LowerBoundFor(Start) <= id);
        Assert.True(IdGenerator.LowerBoundFor(Start.AddMilliseconds(1)) > id);
    }

    /// <summary>A clock that can be set backwards, which the fake time provider refuses to do.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
