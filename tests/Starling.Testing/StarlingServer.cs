using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Starling.Testing;

/// <summary>
/// The real Starling server, started as a child process exactly as an operator would run it
/// (<c>dotnet Starling.Server.dll --urls ...</c>) with its background workers on, on storage of its own:
/// a fresh SQLite file in a temporary data directory, or a fresh PostgreSQL database (dropped on dispose).
/// Unlike <see cref="TestInstance"/>, nothing runs in the test process: what a test sees is what a browser or an app sees.
/// </summary>
public sealed class StarlingServer : IAsyncDisposable
{
    private Process _process;
    private readonly StringBuilder _log = new();
    private readonly TestStorage _storage;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private StarlingServer(Process process, Uri baseUrl, string publicUrl, TestStorage storage, IReadOnlyDictionary<string, string> settings)
    {
        _process = process;
        BaseUrl = baseUrl;
        PublicUrl = publicUrl;
        _storage = storage;
        _settings = settings;
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What the server calls itself: the base of its links, and the domain of its handles.</summary>
    public string PublicUrl { get; }

    public TestDatabase Database => _storage.Database;

    /// <summary>The server's data directory, for tests that check what it keeps on disk (such as uploaded files).</summary>
    public string DataDirectory => _storage.DataDirectory;

    /// <summary>Everything the server wrote to stdout and stderr so far; shown when a test needs to explain a failure.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static string ServerAssemblyPath => Metadata("StarlingServerAssembly");

    public static string ServerProjectDirectory => Metadata("StarlingServerProject");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <param name="publicUrl">What the server calls itself (handles show its host); by default the address it listens on.</param>
    /// <param name="settings">Configuration keys (such as <c>Starling:Registrations</c>) that differ from a default open server.</param>
    /// <param name="database">SQLite, or a database of its own on the PostgreSQL server named by <c>STARLING_TEST_POSTGRES</c>.</param>
    public static async Task<StarlingServer> StartAsync(string? publicUrl = null, IReadOnlyDictionary<string, string>? settings = null,
        TestDatabase database = TestDatabase.Sqlite)
    {
        if (!File.Exists(ServerAssemblyPath))
        {
            throw new InvalidOperationException($"The server is not built: {ServerAssemblyPath} is missing. Build the solution first.");
        }
        var storage = await TestStorage.CreateAsync(database);
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        publicUrl ??= baseUrl.ToString().TrimEnd('/');
        settings ??= new Dictionary<string, string>();
        var server = new StarlingServer(new Process(), baseUrl, publicUrl, storage, settings);
        try
        {
            await server.LaunchAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Kills the server at once, as a crash or a power cut would, leaving its storage and port for <see cref="StartAgainAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again, after <see cref="KillAsync"/>, on the same port and the same storage.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("The server is still running: kill it first.");
        }
        Append("--- started again ---");
        _process.Dispose();
        _process = new Process();
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var start = ServerStartInfo(PublicUrl, _storage, _settings, "--urls", BaseUrl.ToString().TrimEnd('/'));
        _process.StartInfo = start;
        _process.EnableRaisingEvents = true;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>Runs a CLI verb (such as <c>user create</c>) against this server's database and returns its output.</summary>
    public async Task<string> RunCliAsync(params string[] arguments)
    {
        var start = ServerStartInfo(PublicUrl, _storage, _settings, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'starling {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{text}");
        }
        return text;
    }

    /// <summary>Creates an approved, confirmed user with the <c>user create</c> verb, as an operator would.</summary>
    public Task<string> CreateUserAsync(string username, string email, string password, bool admin = false) =>
        RunCliAsync(admin
            ? ["user", "create", "--username", username, "--email", email, "--password", password, "--admin"]
            : ["user", "create", "--username", username, "--email", email, "--password", password]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: there is nothing to stop.
        }
        _process.Dispose();
        await _storage.DisposeAsync();
    }

    private static ProcessStartInfo ServerStartInfo(string publicUrl, TestStorage storage, IReadOnlyDictionary<string, string> settings,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root is the project folder, where wwwroot lives, as with `dotnet run`.
            WorkingDirectory = ServerProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment.Remove("ASPNETCORE_URLS");
        environment["Starling__PublicUrl"] = publicUrl;
        environment["Starling__Registrations"] = "open";
        environment["Starling__Jobs__RunWorkers"] = "true";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in storage.Settings)
        {
            environment[EnvironmentName(key)] = value ?? "";
        }
        foreach (var (key, value) in settings)
        {
            environment[EnvironmentName(key)] = value;
        }
        return start;
    }

    private static string EnvironmentName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        // Startup (migrations included) takes a few seconds, far more on a loaded machine; the deadline only bounds a server that never comes up.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was healthy.\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server did not answer /health in time.\n{Log}");
            }
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(StarlingServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
