using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Starling.Bench.Running;
using Starling.Bench.Seeding;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Hosting;

namespace Starling.Bench.Federation;

/// <summary>
/// The database and the server of one federation benchmark: a fresh data directory (and the given PostgreSQL database),
/// migrated and seeded through the server's own service graph, then the Release server started on it as a child
/// process with private addresses allowed, so it federates with the benchmark's stand-ins on loopback.
/// The service graph stays open for the benchmark to read the database while it waits for work to finish.
/// </summary>
public sealed class FederationServer : IAsyncDisposable
{
    private readonly BenchSettings _settings;
    private readonly string _dataDirectory;
    private WebApplication? _app;
    private ChildProcess? _process;

    private FederationServer(BenchSettings settings, string dataDirectory, string publicUrl)
    {
        _settings = settings;
        _dataDirectory = dataDirectory;
        PublicUrl = publicUrl;
    }

    public string PublicUrl { get; }

    public ChildProcess Process => _process ?? throw new InvalidOperationException("The server is not started.");

    public static async Task<FederationServer> CreateAsync(BenchSettings settings, string name)
    {
        var dataDirectory = settings.FreshDataDirectory(name);
        var server = new FederationServer(settings, dataDirectory, $"http://127.0.0.1:{ChildProcess.FreePort()}");
        server._app = await InProcessApp.OpenAsync(settings, dataDirectory, server.PublicUrl);
        if (settings.Provider == "postgres")
        {
            // The same database serves several benchmarks in one run: start each from empty tables.
            await server.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT ILIKE '%migrations%history%' " +
                "LOOP EXECUTE 'TRUNCATE TABLE ' || quote_ident(t) || ' CASCADE'; END LOOP; END $$;"));
        }
        return server;
    }

    public Task<FederationSeed> SeedAsync(int remotes, Func<int, string> remoteOrigin, bool remotesFollowLocal, bool localFollowsRemotes, bool withKeys) =>
        WithDbAsync(db => new FederationSeeder(db, _app!.Services.GetRequiredService<IPasswordHasher<User>>(), _settings.Seed)
            .SeedAsync(remotes, remoteOrigin, remotesFollowLocal, localFollowsRemotes, withKeys));

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task StartAsync(string resultsDirectory, string logName, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        var serverDll = Path.GetFullPath(_settings.ServerDll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Starling__DataDirectory"] = _dataDirectory,
            ["Starling__PublicUrl"] = PublicUrl,
            ["Starling__Database__Provider"] = _settings.Provider,
            // The stand-in remote servers live on loopback addresses over plain http.
            ["Starling__Federation__AllowPrivateAddresses"] = "true",
        };
        if (_settings.ConnectionString is { } connectionString)
        {
            environment["Starling__Database__ConnectionString"] = connectionString;
        }
        foreach (var (name, value) in extraEnvironment)
        {
            environment[name] = value;
        }
        foreach (var pair in _settings.ServerEnvironment.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            environment[parts[0]] = parts.ElementAtOrDefault(1) ?? "";
        }
        _process = ChildProcess.Start("dotnet", [serverDll, "--urls", PublicUrl], environment, Path.Combine(resultsDirectory, logName), Path.GetDirectoryName(serverDll)!);
        await _process.WaitUntilServingAsync($"{PublicUrl}/health", TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (!_settings.KeepData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
