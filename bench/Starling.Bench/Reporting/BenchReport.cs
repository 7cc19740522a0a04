using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Starling.Bench.Running;
using Starling.Bench.Seeding;

namespace Starling.Bench.Reporting;

/// <summary>The printed table and the same as Markdown: throughput, latency, ratios to the baseline, memory, and the targets.</summary>
public sealed class BenchReport(BenchSettings settings, SeedSummary seed, IReadOnlyList<EndpointResult> endpoints, MemoryReading idle, MemoryReading final,
    string loadAverageBefore, DateTime finishedAt)
{
    public const double TargetHomeShareOfBaseline = 0.25;
    public const double TargetP99Ms = 50;
    public const long TargetRssBytes = 250L * 1024 * 1024;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var commit = settings.Commit.Length > 0 ? $", commit {settings.Commit}" : "";
        text.AppendLine(Invariant($"### Timeline benchmark, {settings.Provider}, {finishedAt:yyyy-MM-dd HH:mm} UTC{commit}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {TotalMemoryGiB():F0} GiB; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; load average before the run {loadAverageBefore}."));
        text.AppendLine(Invariant($"Data: {seed.Accounts:N0} accounts, {seed.Statuses:N0} statuses, {seed.Follows:N0} follows, {seed.HomeFeedEntries:N0} home feed rows ") +
            Invariant($"({seed.MeasuredHomeFeedEntries:N0} in the measured user's home; the user follows {settings.Seed.MeasuredUserFollows}), {seed.Favourites:N0} favourites, {seed.Notifications:N0} notifications; seeded in {seed.Elapsed.TotalSeconds:F0} s."));
        if (settings.ServerEnvironment.Length > 0)
        {
            text.AppendLine(Invariant($"Server environment added for this run: `{settings.ServerEnvironment}`."));
        }
        text.AppendLine(Invariant($"Load: wrk, {settings.Threads} threads, {settings.Connections} connections; each endpoint warmed for {settings.WarmupSeconds} s, then {settings.Rounds} rounds of {settings.DurationSeconds} s per endpoint, interleaved; ") +
            "each row is the endpoint's median round (the range shows all rounds). wrk runs on the same 2 cores as the server.");
        text.AppendLine();
        var web = endpoints.Where(e => e.Group == EndpointGroup.Web).ToList();
        var api = endpoints.Where(e => e.Group == EndpointGroup.Api).ToList();
        var webBaseline = web[^1];
        AppendTable(text, web);
        text.AppendLine();
        var measured = web.Take(web.Count - 1).Where(e => !e.Informational).ToList();
        // The server's own endpoints: each group's last row is the baseline process, and the informational row another server.
        var served = measured.Concat(api.Take(Math.Max(0, api.Count - 1))).Where(e => !e.Informational);
        var peakDuringLoad = served.Max(e => e.PeakRssDuringLoad);
        text.AppendLine(Invariant($"Server memory (RSS): {Mb(idle.RssBytes)} after start, {Mb(final.RssBytes)} after the run, peak {Mb(final.PeakRssBytes)} (VmHWM; highest sample under load {Mb(peakDuringLoad)}). Baseline process peak: {Mb(webBaseline.PeakRssDuringLoad)}."));
        text.AppendLine();
        if (api.Count > 0)
        {
            text.AppendLine("The client API, against the same bare Kestrel serving a fixed JSON body of the API home timeline's size:");
            text.AppendLine();
            AppendTable(text, api);
            text.AppendLine();
        }
        var home = web[0];
        var homeShare = home.Load.RequestsPerSecond / webBaseline.Load.RequestsPerSecond;
        var worstP99 = measured.Max(e => e.Load.P99Ms);
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine(Invariant($"| Home requests/s >= {TargetHomeShareOfBaseline:P0} of the baseline's | {Percent(homeShare)} | {Met(homeShare >= TargetHomeShareOfBaseline)} |"));
        text.AppendLine(Invariant($"| p99 < {TargetP99Ms:F0} ms (home and local) | {worstP99:F1} ms worst | {Met(worstP99 < TargetP99Ms)} |"));
        text.AppendLine(Invariant($"| Server RSS < {Mb(TargetRssBytes)} | {Mb(final.PeakRssBytes)} peak | {Met(final.PeakRssBytes < TargetRssBytes)} |"));
        if (api.Count > 0)
        {
            var jsonBaseline = api[^1];
            foreach (var endpoint in api.Take(api.Count - 1).Where(e => !e.Informational))
            {
                var share = endpoint.Load.RequestsPerSecond / jsonBaseline.Load.RequestsPerSecond;
                text.AppendLine(Invariant($"| {endpoint.Name} >= {TargetHomeShareOfBaseline:P0} of the JSON baseline's | {Percent(share)} | {Met(share >= TargetHomeShareOfBaseline)} |"));
            }
        }
        return text.ToString();
    }

    /// <summary>One group's rows; its last endpoint is the baseline the others are compared with.</summary>
    private static void AppendTable(StringBuilder text, IReadOnlyList<EndpointResult> group)
    {
        var baseline = group[^1];
        text.AppendLine("| Endpoint | Body bytes | Requests/s | Range over rounds | p50 ms | p90 ms | p99 ms | Errors | Share of baseline |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var endpoint in group)
        {
            var share = endpoint == baseline ? "100%" : Percent(endpoint.Load.RequestsPerSecond / baseline.Load.RequestsPerSecond);
            var range = Invariant($"{endpoint.Rounds.Min(r => r.RequestsPerSecond):N0}–{endpoint.Rounds.Max(r => r.RequestsPerSecond):N0}");
            var errors = endpoint.Rounds.Sum(r => r.Errors);
            text.AppendLine(Invariant($"| {endpoint.Name} | {endpoint.Page.Bytes:N0} | {endpoint.Load.RequestsPerSecond:N0} | {range} | {endpoint.Load.P50Ms:F2} | {endpoint.Load.P90Ms:F2} | {endpoint.Load.P99Ms:F2} | {errors} | {share} |"));
        }
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static string Mb(long bytes) => Invariant($"{bytes / (1024.0 * 1024):F0} MB");

    private static string Met(bool met) => met ? "yes" : "**no**";

    internal static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    internal static double TotalMemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    /// <summary>Writes a benchmark's table to the results folder under <paramref name="fileName"/> and prints it.</summary>
    internal static async Task PublishAsync(BenchSettings settings, TextWriter output, string fileName, string markdown)
    {
        var results = Directory.CreateDirectory(Path.GetFullPath(settings.ResultsDirectory)).FullName;
        var path = Path.Combine(results, fileName);
        await File.WriteAllTextAsync(path, markdown);
        output.WriteLine();
        output.WriteLine(markdown);
        output.WriteLine($"Written to {path}");
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
