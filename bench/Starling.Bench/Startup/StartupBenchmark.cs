using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Starling.Bench.Reporting;
using Starling.Bench.Running;

namespace Starling.Bench.Startup;

/// <summary>
/// How long the server takes from its process starting until it answers: a first start on an empty SQLite data directory
/// (the schema is created), a restart on the same data, and the first API request and first page each start pays for once
/// (endpoints, views and the OAuth server are built on first use). The yardstick is the bare Kestrel server of the
/// <c>baseline</c> verb, started the same way in the same round. Rounds alternate which starts first; a warm-up round
/// fills the disk cache and is not counted.
/// </summary>
public sealed class StartupBenchmark(BenchSettings settings, TextWriter output)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public async Task<int> RunAsync()
    {
        var folder = settings.FreshDataDirectory("startup");
        try
        {
            var loadAverage = string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            var results = Directory.CreateDirectory(Path.GetFullPath(settings.ResultsDirectory)).FullName;
            var rounds = new List<Round>();
            for (var number = 0; number <= settings.Rounds; number++)
            {
                var data = Directory.CreateDirectory(Path.Combine(folder, $"data-{number}")).FullName;
                Start first = default, restart = default, bare = default;
                async Task Starling()
                {
                    first = await StartServerAsync(data, results);
                    restart = await StartServerAsync(data, results);
                }
                async Task Bare() => bare = await StartBaselineAsync(results);
                if (number % 2 == 0)
                {
                    await Starling();
                    await Bare();
                }
                else
                {
                    await Bare();
                    await Starling();
                }
                var round = new Round(number, number == 0, first, restart, bare);
                rounds.Add(round);
                output.WriteLine(Invariant($"{(round.Warmup ? "Warm-up" : $"Round {number}")}: first start {first.Serving.TotalMilliseconds:F0} ms, ") +
                    Invariant($"restart {restart.Serving.TotalMilliseconds:F0} ms (API {restart.FirstApi.TotalMilliseconds:F0} ms, page {restart.FirstPage.TotalMilliseconds:F0} ms), ") +
                    Invariant($"bare Kestrel {bare.Serving.TotalMilliseconds:F0} ms"));
            }

            var markdown = Report(rounds, loadAverage);
            await BenchReport.PublishAsync(settings, output, "latest-startup.md", markdown);
            return 0;
        }
        finally
        {
            if (!settings.KeepData)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Starts the server on the data directory, times its health check, first API answer and first page, and stops it.</summary>
    private async Task<Start> StartServerAsync(string dataDirectory, string results)
    {
        var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Starling__DataDirectory"] = dataDirectory,
            ["Starling__PublicUrl"] = url,
            ["Starling__Database__Provider"] = "sqlite",
        };
        var clock = Stopwatch.StartNew();
        await using var server = ChildProcess.Start("dotnet", [settings.ServerDll, "--urls", url], environment, Path.Combine(results, "server-startup.log"),
            Path.GetDirectoryName(settings.ServerDll)!);
        await server.WaitUntilServingAsync($"{url}/health", TimeSpan.FromSeconds(120), Poll);
        var serving = clock.Elapsed;
        await server.WaitUntilServingAsync($"{url}/api/v1/instance", TimeSpan.FromSeconds(60), Poll);
        var api = clock.Elapsed;
        await server.WaitUntilServingAsync($"{url}/public/local", TimeSpan.FromSeconds(60), Poll);
        var page = clock.Elapsed;
        return new Start(serving, api - serving, page - api, server.ReadCpuTime(), server.ReadMemory().RssBytes);
    }

    private async Task<Start> StartBaselineAsync(string results)
    {
        var port = ChildProcess.FreePort();
        var clock = Stopwatch.StartNew();
        await using var baseline = ChildProcess.Start("dotnet", [typeof(StartupBenchmark).Assembly.Location, "baseline", "--port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.Combine(results, "baseline-startup.log"), AppContext.BaseDirectory);
        await baseline.WaitUntilServingAsync($"http://127.0.0.1:{port}/json", TimeSpan.FromSeconds(60), Poll);
        return new Start(clock.Elapsed, TimeSpan.Zero, TimeSpan.Zero, baseline.ReadCpuTime(), baseline.ReadMemory().RssBytes);
    }

    private string Report(IReadOnlyList<Round> rounds, string loadAverage)
    {
        var measured = rounds.Where(r => !r.Warmup).ToList();
        var text = new StringBuilder();
        var commit = settings.Commit.Length > 0 ? $", commit {settings.Commit}" : "";
        text.AppendLine(Invariant($"### Startup benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{commit}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores ({BenchReport.CpuModel()}), {BenchReport.TotalMemoryGiB():F0} GiB; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; load average before the run {loadAverage}. ") +
            "The Release server on SQLite, started with `dotnet` as a service manager would. *Serving*: from the process starting until `/health` answers " +
            "(a first start creates the schema in an empty data directory; a restart finds it). *First API answer* and *first page*: how much longer " +
            "`/api/v1/instance` and then `/public/local` take to answer. *CPU*: the process's user and system time once it has served all three. " +
            Invariant($"The yardstick is a bare Kestrel server with one JSON endpoint, started in the same round. One warm-up round, then {measured.Count} measured; medians."));
        text.AppendLine();
        text.AppendLine("| | Serving | First API answer | First page | CPU | Resident memory | Serving ÷ bare Kestrel's |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(text, "First start (empty data directory)", measured, r => r.First);
        Row(text, "Restart", measured, r => r.Restart);
        Row(text, "Bare Kestrel", measured, r => r.Bare);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<Round> rounds, Func<Round, Start> pick)
    {
        var ratio = BenchReport.Median(rounds.Select(r => pick(r).Serving / r.Bare.Serving));
        text.AppendLine(Invariant($"| {name} | {Milliseconds(rounds, r => pick(r).Serving)} | {Milliseconds(rounds, r => pick(r).FirstApi)} | ") +
            Invariant($"{Milliseconds(rounds, r => pick(r).FirstPage)} | {Milliseconds(rounds, r => pick(r).Cpu)} | {BenchReport.Median(rounds.Select(r => pick(r).Resident / 1048576.0)):F0} MiB | {ratio:F2} |"));
    }

    private static string Milliseconds(IReadOnlyList<Round> rounds, Func<Round, TimeSpan> pick) =>
        Invariant($"{BenchReport.Median(rounds.Select(r => pick(r).TotalMilliseconds)):F0} ms");


    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Start(TimeSpan Serving, TimeSpan FirstApi, TimeSpan FirstPage, TimeSpan Cpu, long Resident);

    private sealed record Round(int Number, bool Warmup, Start First, Start Restart, Start Bare);
}
