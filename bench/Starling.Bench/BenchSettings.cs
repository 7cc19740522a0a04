using System.Globalization;
using Starling.Bench.Seeding;

namespace Starling.Bench;

/// <summary>Command-line settings: <c>--name value</c> pairs, every one optional.</summary>
public sealed record BenchSettings
{
    /// <summary>The Release build of Starling.Server.dll that is measured.</summary>
    public string ServerDll { get; init; } = "";
    /// <summary>Where the SQLite file and the server's keys live; a fresh temporary folder when empty.</summary>
    public string DataDirectory { get; init; } = "";

    /// <summary>The server's data directory, emptied: <c>--data-dir</c>, or a temporary one named after the benchmark.</summary>
    public string FreshDataDirectory(string name)
    {
        var directory = string.IsNullOrEmpty(DataDirectory)
            ? Path.Combine(Path.GetTempPath(), $"starling-bench-{name}-{Environment.ProcessId}")
            : Path.GetFullPath(DataDirectory);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        return directory;
    }
    public string ResultsDirectory { get; init; } = "results";
    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider { get; init; } = "sqlite";
    /// <summary>Required for PostgreSQL: an empty database the benchmark may fill.</summary>
    public string? ConnectionString { get; init; }
    public int Connections { get; init; } = 32;
    public int Threads { get; init; } = 2;
    public int WarmupSeconds { get; init; } = 5;
    /// <summary>Measured rounds over all endpoints; the report shows each endpoint's median round.</summary>
    public int Rounds { get; init; } = 3;
    public int DurationSeconds { get; init; } = 10;
    public bool KeepData { get; init; }
    /// <summary>Extra environment for the server process, for experiments such as <c>DOTNET_gcServer=0</c> (NAME=value;NAME=value).</summary>
    public string ServerEnvironment { get; init; } = "";
    /// <summary>The commit measured, for the report.</summary>
    public string Commit { get; init; } = "";
    /// <summary>For the <c>baseline</c> verb: where to listen and how many bytes the page has.</summary>
    public int Port { get; init; }
    /// <summary>For the <c>seed</c> verb: the public URL the server will be started with (links in posts use it).</summary>
    public string PublicUrl { get; init; } = "http://127.0.0.1:5000";
    public int PageBytes { get; init; } = 40_000;
    /// <summary>For the <c>baseline</c> verb: how many bytes its JSON body (at <c>/json</c>) has.</summary>
    public int JsonBytes { get; init; } = 40_000;
    public SeedOptions Seed { get; init; } = new();
    /// <summary>The delivery benchmark: remote followers, each on a host of its own.</summary>
    public int Followers { get; init; } = 500;
    /// <summary>The delivery benchmark: the server's delivery workers, and the threads the signatures are measured on.</summary>
    public int DeliveryConcurrency { get; init; } = 8;
    /// <summary>
    /// The delivery benchmark: posts sent, and not measured, before the measured <see cref="Rounds"/>. The first finds
    /// the delivery path uncompiled and no connection open; the runtime goes on optimising hot code for a while after.
    /// </summary>
    public int DeliveryWarmup { get; init; } = 3;
    /// <summary>The inbox benchmark: remote actors that send, and activities measured after a warm-up batch.</summary>
    public int Actors { get; init; } = 50;
    public int Activities { get; init; } = 10_000;
    /// <summary>
    /// The inbox benchmark's warm-up batch, accepted and processed before the measured one. Large enough that the
    /// runtime has finished compiling the inbox's hot code at its optimising tier: after 1,000 activities the compiler
    /// still took a good share of the server's CPU, and accepting cost markedly more per activity than after 8,000.
    /// </summary>
    public int InboxWarmup { get; init; } = 8_000;
    /// <summary>The inbox benchmark with the server's job workers off: what accepting alone costs.</summary>
    public bool InboxAcceptOnly { get; init; }

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
            var name = args[i][2..];
            if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[name] = args[++i];
            }
            else
            {
                flags.Add(name);
            }
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

        var seed = new SeedOptions();
        return new BenchSettings
        {
            ServerDll = Text("server", ""),
            DataDirectory = Text("data-dir", ""),
            ResultsDirectory = Text("results", "results"),
            Provider = Text("provider", "sqlite").ToLowerInvariant(),
            ConnectionString = values.GetValueOrDefault("connection-string"),
            Connections = Int("connections", 32),
            Threads = Int("threads", 2),
            WarmupSeconds = Int("warmup", 5),
            Rounds = Int("rounds", 3),
            DurationSeconds = Int("duration", 10),
            KeepData = flags.Contains("keep-data"),
            Commit = Text("commit", ""),
            ServerEnvironment = Text("server-env", ""),
            Port = Int("port", 0),
            PublicUrl = Text("public-url", "http://127.0.0.1:5000"),
            PageBytes = Int("size", 40_000),
            JsonBytes = Int("json-size", 40_000),
            Followers = Int("followers", 500),
            DeliveryConcurrency = Int("delivery-concurrency", 8),
            DeliveryWarmup = Int("delivery-warmup", 3),
            Actors = Int("actors", 50),
            Activities = Int("activities", 10_000),
            InboxWarmup = Int("inbox-warmup", 8_000),
            InboxAcceptOnly = flags.Contains("accept-only"),
            Seed = seed with
            {
                Accounts = Int("accounts", seed.Accounts),
                Statuses = Int("statuses", seed.Statuses),
                MeasuredUserFollows = Int("follows", seed.MeasuredUserFollows),
                FollowsPerAccount = Int("follows-per-account", seed.FollowsPerAccount),
            },
        };
    }
}
