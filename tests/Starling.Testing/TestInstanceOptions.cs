using Microsoft.Extensions.DependencyInjection;

namespace Starling.Testing;

/// <summary>How to start a <see cref="TestInstance"/>.</summary>
public sealed record TestInstanceOptions
{
    public TestDatabase Database { get; init; } = TestDatabase.Sqlite;

    /// <summary>Reuse this storage (and leave it behind on dispose); by default each instance gets a fresh one it owns.</summary>
    public TestStorage? Storage { get; init; }

    /// <summary>Replaces the real clock with a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> (see <see cref="TestInstance.Clock"/>).</summary>
    public bool FakeTime { get; init; }

    /// <summary>Where the fake clock starts; ids are minted from it, so it should be a plausible present.</summary>
    public DateTimeOffset FakeTimeStart { get; init; } = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Extra configuration, such as <c>["Starling:Registrations"] = "approval"</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Registers extra services after the app's own (test job types, for example).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Hash passwords with few iterations: the real count costs tens of milliseconds per account and proves nothing here.</summary>
    public bool FastPasswordHashing { get; init; } = true;

    /// <summary>Migrate the database on start, as the server does before serving.</summary>
    public bool Migrate { get; init; } = true;
}
