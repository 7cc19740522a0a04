namespace Starling.Clients.Tests.Infrastructure;

/// <summary>Base of the real-client tests: each test gets a fresh <see cref="ClientServer"/> of its own on the given database.</summary>
public abstract class RealClientTest(TestDatabase database, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClientServer _server = new(database);

    /// <summary>Runs the client's whole check (every step not marked as not yet run) and fails on the first step that fails.</summary>
    protected async Task RunCheckAsync(RealClient client)
    {
        _server.AssertPassed(await _server.RunAsync(client, output), output);
    }

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();
}
