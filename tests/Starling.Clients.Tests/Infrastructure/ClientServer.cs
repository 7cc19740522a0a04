namespace Starling.Clients.Tests.Infrastructure;

/// <summary>
/// A real Starling server (a child process, on SQLite or on a PostgreSQL database of its own) with two users made by
/// the <c>user create</c> verb, as an operator would make them, and the means to run a client's check script against it.
/// </summary>
public class ClientServer(TestDatabase database) : IAsyncLifetime
{
    /// <summary>The instance name the server is configured with; the scripts check that the API reports it.</summary>
    public const string InstanceTitle = "Starling under real clients";

    /// <summary>The one the scripts log in as.</summary>
    public static CheckUser Alice { get; } = new("alice", "alice's correct horse battery");

    /// <summary>The other person, for follows, favourites and notifications.</summary>
    public static CheckUser Bob { get; } = new("bob", "bob's correct horse battery");

    private StarlingServer? _server;

    public StarlingServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        _server = await StarlingServer.StartAsync(settings: new Dictionary<string, string> { ["Starling:InstanceName"] = InstanceTitle },
            database: database);
        await _server.CreateUserAsync(Alice.Username, Alice.Email, Alice.Password);
        await _server.CreateUserAsync(Bob.Username, Bob.Email, Bob.Password);
    }

    /// <summary>Runs the client's check script as alice (bob is the other person) and shows everything it printed.</summary>
    public async Task<ClientCheckReport> RunAsync(RealClient client, ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var report = await ClientCheck.RunAsync(client, Server.BaseUrl, Alice, Bob, InstanceTitle, settings);
        output.WriteLine($"{client.Name} against Starling on {Server.Database}, exit code {report.ExitCode}:");
        output.WriteLine(report.Output);
        return report;
    }

    /// <summary>Fails with the step that failed and why, what the client printed, and the end of the server's log.</summary>
    public void AssertPassed(ClientCheckReport report, ITestOutputHelper output)
    {
        if (report.Problem is { } problem)
        {
            Assert.Fail($"{problem}\n\n--- {report.Client} printed ---\n{report.Output}\n--- the server's log ends with ---\n{LogTail(60)}");
        }
        output.WriteLine($"{report.Client}: {report.Passed.Count} steps passed; pending (not run, not counted): " +
            (report.PendingSteps.Count == 0 ? "none" : string.Join(", ", report.PendingSteps)));
    }

    private string LogTail(int lines)
    {
        var all = Server.Log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>One SQLite server shared by the tests of a class (xunit's class fixture), for checks that change nothing.</summary>
public sealed class SharedSqliteClientServer() : ClientServer(TestDatabase.Sqlite);
