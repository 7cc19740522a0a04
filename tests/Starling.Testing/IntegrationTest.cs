using Starling.Server.Features.Common;
using Xunit;

namespace Starling.Testing;

/// <summary>
/// Base of every test class that runs against a real database. Write the tests once in an abstract class and derive
/// one sealed class per database, so the same tests run on SQLite and on PostgreSQL:
/// <code>
/// public abstract class FollowTests(TestDatabase database) : IntegrationTest(database)
/// {
///     [Fact] public async Task Something() { var app = await StartAsync(); ... }
///
///     public sealed class Sqlite() : FollowTests(TestDatabase.Sqlite);
///     public sealed class Postgres() : FollowTests(TestDatabase.Postgres);
/// }
/// </code>
/// Every instance a test starts is disposed (and its database dropped) when the test ends.
/// </summary>
public abstract class IntegrationTest(TestDatabase database) : IAsyncLifetime
{
    private readonly List<TestInstance> _instances = [];

    protected TestDatabase Database { get; } = database;

    /// <summary>Starts a server on a fresh database of this class's kind.</summary>
    protected async Task<TestInstance> StartAsync(Func<TestInstanceOptions, TestInstanceOptions>? configure = null)
    {
        var options = new TestInstanceOptions { Database = Database };
        options = (configure?.Invoke(options) ?? options) with { Database = Database };
        var instance = await TestInstance.StartAsync(options);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>An empty network of instances on this class's kind of database, torn down when the test ends.</summary>
    protected FederationNetwork StartNetwork()
    {
        var network = new FederationNetwork(Database);
        _networks.Add(network);
        return network;
    }

    private readonly List<FederationNetwork> _networks = [];

    /// <summary>
    /// Storage of the test's own, for an instance that is stopped and started again on the same data
    /// (<see cref="FederationNetwork.RestartAsync"/>); deleted when the test ends, after every instance is stopped.
    /// </summary>
    protected async Task<TestStorage> CreateStorageAsync()
    {
        var storage = await TestStorage.CreateAsync(Database);
        _storages.Add(storage);
        return storage;
    }

    private readonly List<TestStorage> _storages = [];

    /// <summary>A server with the standard world already in it.</summary>
    protected async Task<(TestInstance App, World World)> StartWithStandardWorldAsync(Func<TestInstanceOptions, TestInstanceOptions>? configure = null)
    {
        var app = await StartAsync(configure);
        return (app, await app.CreateStandardWorldAsync());
    }

    /// <summary>Asserts that the action is refused with the given kind of domain error, and returns the error.</summary>
    protected static async Task<DomainException> AssertRefusedAsync(DomainErrorKind kind, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<DomainException>(action);
        Assert.Equal(kind, error.Kind);
        return error;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Dispose every instance even if one fails, so no database is left behind.
        var failures = new List<Exception>();
        foreach (var network in _networks)
        {
            try
            {
                await network.DisposeAsync();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }
        foreach (var instance in _instances)
        {
            try
            {
                await instance.DisposeAsync();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }
        foreach (var storage in _storages)
        {
            try
            {
                await storage.DisposeAsync();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("Disposing a test instance failed.", failures);
        }
    }
}
